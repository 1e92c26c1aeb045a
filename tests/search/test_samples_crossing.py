"""Measured on the five samples: a query in one language returns the other language's claims on the
same points (through translation pairs, the seeded glossary and the seeded themes' keywords)."""

import pytest
from django.utils import translation

from notes import queries
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.points import point_versions
from notes.search import search_claims
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db

CROSSINGS = [
    ("泛化", "en"),
    ("持续学习", "en"),
    ("价值函数", "en"),
    ("generalization", "zh"),
    ("continual learning", "zh"),
    ("value function", "zh"),
]


@pytest.fixture
def samples(shared_dir):
    names = sorted(p.name for p in SAMPLES_DIR.glob("*.txt"))
    result = import_sources([SourceFile(n, (SAMPLES_DIR / n).read_bytes()) for n in names])
    assert result.failed == 0


def typed_in(text: str, query: str) -> bool:
    return query.casefold() in text.casefold()


@pytest.mark.parametrize(("query", "other_language"), CROSSINGS)
def test_a_query_finds_the_other_language_on_the_same_points(samples, query, other_language):
    with translation.override("en"):  # the reasons are interface text
        hits = search_claims(query, per_page=100).hits
    versions = [(hit, version) for hit in hits for version in point_versions(hit.claim)]
    crossed = [(hit, v) for hit, v in versions if v.language == other_language]
    assert crossed, f"{query!r} found no {other_language} claims"
    # Every other-language version shown without the typed word says why it is there.
    for hit, version in crossed:
        if not typed_in(version.text, query):
            assert hit.reasons.get(version.pk, "").startswith("via "), version.text
    # Every public claim holding the words is found, and so is its translation.
    found = {version.pk for _, version in versions}
    holding = queries.for_display(queries.public_claims().filter(text__icontains=query))
    assert holding
    for claim in holding:
        assert {v.pk for v in point_versions(claim)} <= found, claim.text
    print(f"{query}: {len(hits)} points, {len(crossed)} {other_language} versions")


def test_lang_still_restricts_on_the_samples(samples):
    for hit in search_claims("泛化 lang:en", per_page=100).hits:
        assert "en" in {version.language for version in point_versions(hit.claim)}
