"""The run's duplicate index in its compact form: the same talks found after its sorted runs are
merged, a replaced or forgotten fingerprint no longer counted, and bytes per talk, not sets."""

import pytest

import notes.importer.duplicates as duplicates
from notes.importer.duplicates import DuplicateIndex, text_fingerprint
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db


def texts(seed: int, count: int = 40) -> list[str]:
    """English claim texts of their own: each seed's words differ from every other seed's."""
    return [" ".join(f"s{seed}c{i}w{j}" for j in range(12)) for i in range(count)]


def empty_index() -> DuplicateIndex:
    index = DuplicateIndex()
    index.prepare()  # nothing in the database: an empty index
    return index


@pytest.mark.parametrize("merge_at", [10**9, 50])  # all postings recent; many small sorted runs
def test_the_same_talks_are_suggested_however_the_postings_are_stored(monkeypatch, merge_at):
    monkeypatch.setattr(duplicates, "_MERGE_AT", merge_at)
    index = empty_index()
    talks = [TalkFactory() for _ in range(6)]
    for number, talk in enumerate(talks[:5]):
        index.remember(talk.pk, text_fingerprint(texts(number)))
    copy_of_third = talks[5]

    found = index.suggest(copy_of_third, text_fingerprint(texts(2)))

    assert [s.other_id for s in found] == [talks[2].pk]


def test_a_replaced_or_forgotten_fingerprint_is_no_longer_found(monkeypatch):
    monkeypatch.setattr(duplicates, "_MERGE_AT", 50)
    index = empty_index()
    first, second, probe = TalkFactory(), TalkFactory(), TalkFactory()
    index.remember(first.pk, text_fingerprint(texts(1)))
    index.remember(second.pk, text_fingerprint(texts(2)))
    index.remember(first.pk, text_fingerprint(texts(3)))  # the first talk's text changed
    index.forget(second.pk)  # merged away

    assert index.suggest(probe, text_fingerprint(texts(1))) == []
    assert index.suggest(probe, text_fingerprint(texts(2))) == []
    assert [s.other_id for s in index.suggest(probe, text_fingerprint(texts(3)))] == [first.pk]


def test_postings_are_kept_in_arrays_of_eight_bytes_per_phrase():
    index = empty_index()
    fingerprint = text_fingerprint(texts(4))
    index.remember(TalkFactory().pk, fingerprint)
    index._merge()

    (run,) = index._runs
    assert run.itemsize == 8
    assert len(run) == len(fingerprint.latin) > 0
