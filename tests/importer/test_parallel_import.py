"""An import with worker processes (``--jobs N``) writes and reports exactly what a serial one does."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from notes.importer import prepare
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, DuplicateSuggestion, ImportFile, Summary, TaggedClaim, Talk
from notes.search import search_claims

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not prepare.can_fork(), reason="worker processes need fork"),
]

INTERVIEW = """---
title: "Memory in agents"
url: https://example.org/talks/memory-agents
speakers: [Ada Quill, Ben Rook]
---
## Key points
- Agents need memory that outlives one conversation, or they repeat their mistakes.
- Retrieval beats a longer context window when the facts change every week.
- 评测智能体的记忆需要跨越多次会话的任务。
"""
ESSAY = """# Scaling laws for small labs

Speaker: Cleo Marsh

## Points
- A small lab can still study scaling by training many tiny models and fitting the curve.
- Data quality moves the curve more than a larger budget does.
"""
BAD_YAML = """---
title: "Unclosed
speakers: [Ada Quill
---
- A point that never gets read.
"""
NO_TALK = "\n\n   \n"
UNRENDERABLE = "# Brackets\n\n- A real point about brackets.\n\n" + "[a" * 4000 + "\n"
BROKEN = """# A note the extractor trips on

- One point about robustness in extraction code.
"""


def _write(folder, notes: dict[str, str]):
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _snapshot() -> dict:
    """Everything an import wrote, without database ids (they differ between the two runs)."""
    return {
        "talks": list(
            Talk.objects.order_by("slug").values_list("slug", "title", "url", "published", "public")
        ),
        "claims": list(
            Claim.objects.order_by("talk__slug", "summary__part", "position").values_list(
                "talk__slug", "position", "text", "kind", "language", "speaker__name"
            )
        ),
        "themes": sorted(
            TaggedClaim.objects.values_list("content_object__text", "tag__name", "reason")
        ),
        "summaries": list(
            Summary.objects.order_by("source_name", "part").values_list(
                "source_name", "part", "html", "evidence", "skipped", "warnings"
            )
        ),
        "suggestions": sorted(
            DuplicateSuggestion.objects.values_list("talk__slug", "other__slug", "reason")
        ),
        "log": list(ImportFile.objects.order_by("pk").values_list("name", "outcome", "message")),
        "found": {  # the search index, written from the worker's tokens in a parallel run
            words: [hit.claim.text for hit in search_claims(words, public_only=False).hits]
            for words in ("memory", "curve", "记忆", "Ada Quill", "retrieval window")
        },
    }


def _command(*args) -> list[str]:
    out = io.StringIO()
    try:
        call_command("import_summaries", *args, stdout=out)
    except CommandError as error:
        out.write(f"CommandError: {error}\n")
    return out.getvalue().splitlines()


def _rolled_back(run):
    """Run ``run()`` and take a snapshot, then undo it all, so the next run starts from the same state."""
    with transaction.atomic():
        lines = run()
        written = _snapshot()
        transaction.set_rollback(True)
    return lines, written


@pytest.fixture
def folder(tmp_path, monkeypatch):
    notes = {
        "a_interview.md": INTERVIEW,
        "b_essay.md": ESSAY,
        "c_bad_yaml.md": BAD_YAML,
        "d_empty.md": NO_TALK,
        "e_again.md": INTERVIEW,  # the same bytes as another file of the run
        "f_unrenderable.md": UNRENDERABLE,
        "g_broken.md": BROKEN,
        "h_variant.md": INTERVIEW.replace("memory-agents", "memory-agents-2"),
    }
    import notes.importer.extract as extract

    real = extract.extract_document

    def trips_on_one(source_name, *args, **kwargs):
        if source_name.endswith("g_broken.md"):
            raise RuntimeError("a bug in the extractor")
        return real(source_name, *args, **kwargs)

    monkeypatch.setattr(extract, "extract_document", trips_on_one)  # forked workers inherit it
    return _write(tmp_path, notes)


def test_workers_write_and_report_what_a_serial_run_does(folder, monkeypatch):
    taken = []
    take = prepare.PreparedQueue.take
    monkeypatch.setattr(
        prepare.PreparedQueue,
        "take",
        lambda self, source: taken.append(found := take(self, source)) or found,
    )
    serial_lines, serial = _rolled_back(lambda: _command(str(folder), "--jobs", "0"))
    assert taken == []  # nothing prepared ahead
    parallel_lines, parallel = _rolled_back(lambda: _command(str(folder), "--jobs", "2"))

    assert len([p for p in taken if p is not None]) == 7  # all but the repeated bytes
    assert parallel_lines == serial_lines
    assert parallel == serial
    failed = [line for line in serial_lines if line.startswith("failed")]
    assert len(failed) == 4  # bad YAML, no talk, too many brackets, the extractor's bug
    assert any("c_bad_yaml.md (line" in line for line in failed)
    assert any("internal error: RuntimeError" in line for line in failed)
    assert any("f_unrenderable.md" in line for line in failed)
    assert len(serial["talks"]) == 3 and serial["claims"]
    assert serial["found"]["记忆"] and serial["found"]["curve"]


def test_a_dry_run_with_workers_previews_what_a_serial_one_does(folder):
    sources = [SourceFile(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]

    def run(jobs):
        result = import_sources(sources, dry_run=True, jobs=jobs)
        return [(f.name, f.outcome, f.message, [t.title for t in f.talks]) for f in result.files]

    assert run(2) == run(0)
    assert Talk.objects.count() == 0


def test_workers_prepare_only_a_window_ahead():
    from notes.importer.limits import DEFAULT_LIMITS

    preparer = prepare.Preparer(1, DEFAULT_LIMITS)
    items = [(SourceFile(f"n{n}.md", b"# T\n\n- a point\n"), f"{n:064}") for n in range(10)]
    try:
        queue = preparer.ahead(items)
        assert (len(queue.pending), len(queue.waiting)) == (3, 7)  # the rest wait their turn
        assert queue.take(items[1][0]).doc.source_name == "n1.md"  # n0 was skipped: dropped
        assert (len(queue.pending), len(queue.waiting)) == (3, 5)
        assert queue.take(SourceFile("other.md", b"")) is None
    finally:
        preparer.close()
