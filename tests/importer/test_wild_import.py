"""Summaries from the wild: each imports alone without failure and matches wild/expected.json."""

import json

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Summary
from tests.conftest import WILD_DIR
from tests.importer.expectations import check_file, talk_of

pytestmark = pytest.mark.django_db

EXPECTED = (
    json.loads((WILD_DIR / "expected.json").read_text(encoding="utf-8"))["files"]
    if WILD_DIR.is_dir()
    else {}
)
NAMES = (
    sorted(p.name for p in WILD_DIR.glob("*.md") if p.name != "README.md")
    if WILD_DIR.is_dir()
    else []
)


def import_file(name):
    return import_sources([SourceFile(name, (WILD_DIR / name).read_bytes())])


@pytest.mark.parametrize("name", NAMES)
def test_each_wild_file_imports_and_matches_its_facts(shared_dir, name):
    result = import_file(name)
    facts = dict(EXPECTED.get(name, {}))
    episodes = facts.pop("split_into_talks_or_refused", None)

    if episodes is not None:
        file = result.files[0]
        parts = Summary.objects.filter(source_name=name).count()
        assert (file.failed and file.message) or parts == episodes, file.message
        return
    assert result.failed == 0, result.files[0].message
    assert check_file(name, facts, talk_of) == []


def test_every_wild_file_has_expectations(shared_dir):
    assert sorted(EXPECTED) == NAMES


def test_all_wild_files_together_then_again(shared_dir):
    sources = [SourceFile(name, (WILD_DIR / name).read_bytes()) for name in NAMES]

    first = import_sources(sources)
    again = import_sources(sources)

    assert first.failed == 0, [f.message for f in first.files if f.failed]
    assert again.unchanged == len(NAMES)
