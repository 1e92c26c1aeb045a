"""A new summary is written from what the importer holds: its search documents, preview, counters
and duplicate fingerprint must be exactly those the database would give back, read the slow way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import notes.search
from notes.importer.duplicates import DuplicateIndex
from notes.importer.pipeline import import_sources
from notes.importer.previews import describe_part
from notes.importer.types import SourceFile
from notes.models import Claim, Speaker, SpeakerAlias, Summary, Tag, Talk
from notes.search.documents import load_documents
from tests.services.test_counters import counter_rows, fresh_counts

pytestmark = pytest.mark.django_db

BILINGUAL = """---
title: "{title}"
url: https://example.org/tea/{number}
speakers: [Orla Brightwater, Marcus Hale]
---
## Key points
- **Orla Brightwater**: Boiling water scalds green tea leaves.
- **Marcus Hale**: Leaves lose their aroma after a few months.
- **Orla Brightwater**: Small pots keep the water temperature even.
{translation}"""
TRANSLATION = """
#### Translation

## Key points
- **Orla Brightwater**：沸水会烫伤绿茶的叶子。
- **Marcus Hale**：茶叶放几个月就会失去香气。
- **Orla Brightwater**：小壶能让水温保持均匀。
"""


def tea_note(number: int, title: str = "", name: str = "", translated: bool = True) -> SourceFile:
    """A note of its own shape; ``translated``: with a Chinese version of each point (pairs)."""
    text = BILINGUAL.format(
        title=title or f"Tea talk {number}",
        number=number,
        translation=TRANSLATION if translated else "",
    )
    return SourceFile(name or f"tea/{number}.md", text.encode("utf-8"))


@pytest.fixture
def known_world():
    """A speaker with an alias and a theme the notes' claims match, as a real knowledge base has."""
    speaker = Speaker.objects.create(name="Orla Brightwater")
    SpeakerAlias.objects.create(speaker=speaker, alias="奥拉")
    Tag.objects.create(name="Water", slug="water", is_theme=True, keywords=["water", "水"])
    return speaker


def imported(sources):
    result = import_sources(sources)
    assert result.failed == 0, [f.message for f in result.files]
    return result


def test_index_documents_of_a_new_file_are_those_read_back_from_the_database(
    known_world, monkeypatch
):
    written = []
    real = notes.search.index_documents

    def capture(documents):
        written.extend(documents)
        return real(documents)

    monkeypatch.setattr(notes.search, "index_documents", capture)

    imported([tea_note(1)])

    claims = Claim.objects.all()
    assert claims.filter(translation__isnull=False).exists()  # the note's shape: pairs
    assert claims.filter(speaker=known_world).exists()  # and a speaker with an alias
    assert claims.filter(taggedclaim__tag__slug="water").exists()  # and a theme
    assert sorted(d.claim_id for d in written) == sorted(claims.values_list("pk", flat=True))
    assert written == load_documents([d.claim_id for d in written])


def test_the_preview_of_a_new_or_joining_file_is_the_one_read_back(known_world):
    # the second file states the first one's URL: a new summary joining an existing talk
    files = [tea_note(1), tea_note(1, title="Tea talk, second write-up", name="other/tea.md")]
    for source, action in zip(files, ("creates", "joins"), strict=True):
        result = imported([source])

        (preview,) = result.files[0].talks
        assert preview.action == action
        summary = Summary.objects.get(pk=result.files[0].summary_id)
        again = describe_part(summary.talk, summary, action, preview.matched_by)
        again.likely_duplicates = preview.likely_duplicates  # found after the part was written
        assert preview == again
        assert preview.translation_pairs == 3 and preview.themes and len(preview.speakers) == 2


def test_counters_equal_a_fresh_count_after_new_talks_joins_and_updates(known_world):
    # fresh_counts() counts claims, so these notes have no translations (a pair is one point)
    notes = [tea_note(n, translated=False) for n in (1, 2)]
    imported([*notes, tea_note(1, title="Tea, again", name="b/tea.md", translated=False)])
    assert counter_rows() == fresh_counts()

    edited = tea_note(2, translated=False)
    edited = SourceFile(edited.name, edited.data.replace(b"Small pots keep", b"Big pots keep"))
    imported([edited, tea_note(3, translated=False)])

    assert counter_rows() == fresh_counts()


def test_the_duplicate_fingerprint_of_a_new_talk_is_the_one_read_back(known_world, monkeypatch):
    remembered = {}
    real = DuplicateIndex.remember

    def capture(index, talk_id, fingerprint):
        remembered[talk_id] = fingerprint
        return real(index, talk_id, fingerprint)

    monkeypatch.setattr(DuplicateIndex, "remember", capture)

    result = imported([tea_note(1)])

    talk = Talk.objects.get(pk=result.files[0].talk_id)
    read_back = DuplicateIndex().fingerprint_of(talk)
    assert read_back.cjk and read_back.latin and read_back.speakers
    assert remembered[talk.pk] == read_back


def test_a_new_file_of_a_new_talk_costs_at_most_43_queries(known_world):
    imported([tea_note(1)])  # the speaker, the theme list and the duplicate index are warm

    with CaptureQueriesContext(connection) as captured:
        imported([tea_note(2)])

    # with the run's start and end; 73 before a new summary was written from what is in hand
    assert len(captured.captured_queries) <= 43
