"""Samples and wild files together: the database ends the same whatever order they come in."""

import random

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from tests.conftest import SAMPLES_DIR, WILD_DIR
from tests.importer.test_acceptance_samples import comparable_export, empty_the_database

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def all_sources():
    paths = sorted(SAMPLES_DIR.glob("*.txt")) + sorted(
        p for p in WILD_DIR.glob("*.md") if p.name != "README.md"
    )
    return [SourceFile(p.name, p.read_bytes()) for p in paths]


def test_shuffled_orders_give_the_same_export(shared_dir):
    sources = all_sources()
    snapshots = []
    for seed in (1, 2, 3):
        order = sources[:]
        random.Random(seed).shuffle(order)
        result = import_sources(order)
        assert result.failed == 0, [f.message for f in result.files if f.failed]
        snapshots.append(comparable_export())
        empty_the_database()

    assert snapshots[1] == snapshots[0]
    assert snapshots[2] == snapshots[0]
