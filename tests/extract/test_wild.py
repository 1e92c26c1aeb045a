"""The fifteen wild notes against shared/wild/expected.json."""

from __future__ import annotations

from functools import cache

import pytest

from notes.importer.types import ImportFailure
from notes.normalise import normalise_url
from tests.conftest import WILD_DIR

from .helpers import (
    extract_file,
    fact_params,
    fold_title,
    load_expectations,
    speaker_for,
    timed_items,
)

EXPECTATIONS = load_expectations(WILD_DIR / "expected.json")


@cache
def _document(name: str):
    try:
        return extract_file(WILD_DIR / name)
    except ImportFailure as failure:
        return failure


def _talk(name: str):
    document = _document(name)
    assert not isinstance(document, ImportFailure), str(document)
    return document.talks[0]


def _check(name: str, key: str, expected) -> None:
    if key == "split_into_talks_or_refused":
        document = _document(name)
        assert isinstance(document, ImportFailure) or len(document.talks) == expected
        return
    talk = _talk(name)
    texts = [claim.text for claim in talk.claims]
    if key == "title_any":
        assert fold_title(talk.title) in {fold_title(title) for title in expected}, talk.title
    elif key == "title_not_contains":
        for text in expected:
            assert text not in talk.title
        assert talk.title.strip()
    elif key == "url":
        if expected is None:
            assert talk.url == ""
        else:
            assert normalise_url(talk.url) == normalise_url(expected), talk.url
    elif key == "url_absent_or_not":
        for text in expected:
            assert text not in talk.url
    elif key == "published":
        if expected is None:
            assert talk.published is None
        else:
            assert talk.published is not None and talk.published.isoformat() == expected
    elif key == "published_any":
        assert talk.published is not None and talk.published.isoformat() in expected
    elif key == "published_prefix_or_null":
        assert talk.published is None or talk.published.isoformat().startswith(expected)
    elif key == "duration_seconds":
        assert talk.duration_seconds == expected
    elif key == "speakers_include":
        for person in expected:
            assert speaker_for(talk, person) is not None, (person, talk.speakers)
    elif key == "claims_range":
        low, high = expected
        assert low <= len(talk.claims) <= high, len(talk.claims)
    elif key == "timestamps_min":
        assert timed_items(talk) >= expected
    elif key == "no_claim_containing":
        for text in expected:
            assert not any(text in claim for claim in texts), text
    elif key == "language":
        assert talk.language == expected
    elif key == "public":
        assert talk.public is expected
    elif key == "tags_include":
        assert {tag.casefold() for tag in expected} <= {tag.casefold() for tag in talk.tags}
    else:
        pytest.fail(f"expected.json states a fact this test does not know: {key}")


@pytest.mark.parametrize(("name", "key", "expected"), fact_params(EXPECTATIONS, frozenset()))
def test_wild_fact(name, key, expected):
    _check(name, key, expected)


def test_digest_episodes_each_have_their_own_source_and_people():
    if not EXPECTATIONS:
        pytest.skip("no shared test data")
    name = next(
        name for name, facts in EXPECTATIONS.items() if "split_into_talks_or_refused" in facts
    )
    document = _document(name)
    if isinstance(document, ImportFailure):
        pytest.skip("the digest was refused, which expected.json allows")
    urls = [talk.url for talk in document.talks]
    assert all(urls) and len(set(urls)) == len(urls)
    assert all(talk.claims for talk in document.talks)
    lines = [talk.claims[0].line for talk in document.talks]
    assert lines == sorted(lines)  # each episode's claims point into its own part of the file
    assert sum(1 for talk in document.talks if talk.speakers) >= len(document.talks) // 2


def test_every_wild_file_extracts_deterministically():
    if not EXPECTATIONS:
        pytest.skip("no shared test data")
    for name in EXPECTATIONS:
        first = extract_file(WILD_DIR / name)
        second = extract_file(WILD_DIR / name)
        assert first == second, name
