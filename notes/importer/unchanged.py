"""Finding the files of a run that are already imported, many at a time.

A re-import of a folder is mostly files whose bytes the knowledge base already holds. Their check
is one query per batch of files (by the file's sha256), their previews a fixed number of queries
per batch (notes.importer.previews), and their log rows one insert per batch, in one transaction:
such a file writes nothing else, so logging it beside its neighbours keeps "all or nothing".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction

from notes.importer.export_format import looks_like_export
from notes.importer.persist import DocumentOutcome
from notes.importer.previews import PartWritten, describe_parts
from notes.importer.types import SourceFile
from notes.models import ImportFile, ImportRun, Summary

BATCH = 200  # files per unchanged check
_CHUNK = 500  # hashes per query
_HEAVY = ("raw", "html", "front_matter", "metadata")  # not needed for a preview


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items in order (the last may be shorter), taken as they are needed."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def file_sha256(source: SourceFile) -> str | None:
    """The sha256 a summary file is known by, or None for a kb export (restored, never skipped)."""
    if source.name.lower().endswith(".json") or looks_like_export(source):
        return None
    return hashlib.sha256(source.data).hexdigest()


def known_files(hashes) -> dict[str, list[Summary]]:
    """{file sha256: its summaries, by part} for the hashes some summary already has."""
    wanted = sorted({h for h in hashes if h})
    found: dict[str, list[Summary]] = defaultdict(list)
    for start in range(0, len(wanted), _CHUNK):
        rows = (
            Summary.objects.filter(file_sha256__in=wanted[start : start + _CHUNK])
            .select_related("talk")
            .defer(*_HEAVY)
            .order_by("part", "pk")
        )
        for summary in rows:
            found[summary.file_sha256].append(summary)
    return dict(found)


def unchanged_outcomes(groups: list[list[Summary]]) -> list[DocumentOutcome]:
    """The "unchanged" outcome of each file, given the summaries each file is known by."""
    parts = [PartWritten(s.talk, s, "unchanged", "") for group in groups for s in group]
    previews = iter(describe_parts(parts))
    outcomes = []
    for group in groups:
        talks = [next(previews) for _ in group]
        outcomes.append(DocumentOutcome("unchanged", talks, group[0], group[0].talk))
    return outcomes


def log_files(run: ImportRun, rows: list[ImportFile]) -> None:
    """Record these files of ``run`` in one transaction."""
    with transaction.atomic():
        ImportFile.objects.bulk_create(rows)
