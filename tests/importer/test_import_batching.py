"""Import batching: queries per file independent of its size and of how many files are unchanged,
and the run's caches (themes, speakers, tags) never serving what a curator changed between runs
or what a rolled-back file created."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import notes.importer.persist as persist_module
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import ImportFile, Speaker, Tag, TaggedClaim, Talk

pytestmark = pytest.mark.django_db


def note(
    number: int, points: int, speaker: str = "Orla Brightwater", extra: str = ""
) -> SourceFile:
    """A note of its own shape: front matter, one section of ``points`` distinct bullet points."""
    lines = [
        "---",
        f'title: "Batching talk {number}"',
        f"url: https://example.org/batching/{number}",
        f"speakers: [{speaker}]",
        "tags: [batching-tests]",
        "---",
        "## Key points",
    ]
    lines += [
        f"- Point {i} of talk {number}: gradient {i} noise shrinks as batch {i} grows {extra}."
        for i in range(points)
    ]
    return SourceFile(f"batching/{number}.md", ("\n".join(lines) + "\n").encode())


def queries_of(sources) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = import_sources(sources)
    return len(captured.captured_queries), result


def test_a_new_file_runs_the_same_queries_with_10_or_60_claims():
    import_sources([note(0, 3)])  # the speaker and tag exist: both files below only reuse them

    small, small_result = queries_of([note(1, 10)])
    large, large_result = queries_of([note(2, 60)])

    assert [f.outcome for f in small_result.files + large_result.files] == ["imported"] * 2
    assert (small_result.files[0].claims, large_result.files[0].claims) == (10, 60)
    assert large == small


def test_unchanged_files_cost_the_same_queries_for_3_or_12_files():
    few = [note(n, 4) for n in range(3)]
    many = [note(n, 4) for n in range(3, 15)]
    first = import_sources(few + many)

    few_queries, few_result = queries_of(few)
    many_queries, many_result = queries_of(many)

    assert [f.outcome for f in few_result.files + many_result.files] == ["unchanged"] * 15
    assert many_queries == few_queries
    # each file is still logged, with its talk and summary, and previewed as before
    logged = ImportFile.objects.filter(run=many_result.run).order_by("pk")
    assert [f.name for f in logged] == [s.name for s in many]
    assert all(f.talk_id and f.summary_id and f.outcome == "unchanged" for f in logged)
    assert [f.claims for f in many_result.files] == [4] * 12
    for before, again in zip(first.files[3:], many_result.files, strict=True):
        (was,), (now,) = before.talks, again.talks
        assert (now.talk_id, now.speakers, now.sections, now.themes, now.evidence) == (
            was.talk_id, was.speakers, was.sections, was.themes, was.evidence,
        )  # fmt: skip
        assert now.speakers  # the note names its speaker


def test_a_changed_file_among_unchanged_ones_is_imported_in_order():
    files = [note(n, 4) for n in range(4)]
    import_sources(files)
    edited = note(2, 5)

    result = import_sources([files[0], files[1], edited, files[3]])

    assert [f.outcome for f in result.files] == ["unchanged", "unchanged", "updated", "unchanged"]
    assert [f.name for f in ImportFile.objects.filter(run=result.run).order_by("pk")] == [
        "batching/0.md", "batching/1.md", "batching/2.md", "batching/3.md",
    ]  # fmt: skip


def test_a_theme_edited_between_two_runs_applies_to_the_second_run():
    theme = Tag.objects.create(name="Gradient noise", slug="gradient-noise", is_theme=True)
    import_sources([note(1, 2, extra="zeroth")])
    theme.keywords = ["quokkanomics"]
    theme.save()

    import_sources([note(2, 2, extra="quokkanomics")])

    tagged = TaggedClaim.objects.filter(tag=theme).values_list(
        "content_object__talk__title", flat=True
    )
    assert set(tagged) == {"Batching talk 2"}


def test_a_speaker_created_by_one_file_is_found_by_the_next_file_of_the_run():
    result = import_sources(
        [note(1, 2, speaker="Quill Marrowby"), note(2, 2, speaker="Quill Marrowby")]
    )

    assert [f.outcome for f in result.files] == ["imported", "imported"]
    speaker = Speaker.objects.get(name="Quill Marrowby")
    assert set(Talk.objects.filter(talk_speakers__speaker=speaker).values_list("title", flat=True)) == {
        "Batching talk 1", "Batching talk 2",
    }  # fmt: skip


def test_a_dry_run_never_serves_a_speaker_an_earlier_file_created_and_rolled_back():
    sources = [note(1, 2, speaker="Wren Halloway"), note(2, 2, speaker="Wren Halloway")]

    result = import_sources(sources, dry_run=True)

    assert [f.talks[0].speakers for f in result.files] == [[("Wren Halloway", "author")]] * 2
    assert not Speaker.objects.filter(name="Wren Halloway").exists()


def test_a_failed_file_leaves_nothing_in_the_run_cache(monkeypatch):
    real = persist_module.add_talk_tags
    calls = []

    def fail_first_file(talk, names, cache, **options):
        real(talk, names, cache, **options)
        calls.append(talk.title)
        if len(calls) == 1:
            raise RuntimeError("after the speaker and tag were written")

    monkeypatch.setattr(persist_module, "add_talk_tags", fail_first_file)

    result = import_sources(
        [note(1, 2, speaker="Ines Farrowdale"), note(2, 2, speaker="Ines Farrowdale")]
    )

    assert [f.outcome for f in result.files] == ["failed", "imported"]
    talk = Talk.objects.get()
    assert [s.name for s in talk.speakers.all()] == ["Ines Farrowdale"]
    assert list(talk.tags.names()) == ["batching-tests"]


def joining(number: int) -> SourceFile:
    """Another file (its own name and points) about one shared talk: every one joins it."""
    source = note(number, 4, extra=f"(file {number})")
    text = source.data.decode().replace(
        f"https://example.org/batching/{number}", "https://example.org/batching/shared"
    )
    text = text.replace(f"Batching talk {number}", "Batching talk shared")
    return SourceFile(f"joining/{number}.md", text.encode())


def test_a_file_joining_a_talk_costs_the_same_queries_however_many_summaries_it_has():
    import_sources([joining(0), joining(1)])
    second, second_result = queries_of([joining(2)])  # the talk has two summaries
    import_sources([joining(3), joining(4), joining(5)])
    later, later_result = queries_of([joining(6)])  # five more

    assert [f.outcome for f in second_result.files + later_result.files] == ["imported"] * 2
    assert Talk.objects.count() == 1 and Talk.objects.get().summaries.count() == 7
    # each summary's talk was once read back on its own (a deferred talk_id): 49 against 45
    assert later == second
