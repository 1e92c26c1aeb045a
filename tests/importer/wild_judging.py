"""Judging a folder of real notes against its expected.json: each file imported alone, fact by fact.

Shared by the acceptance tests and scripts/judge_wild.py. A file is imported inside a transaction
that is rolled back afterwards, so every file meets an empty knowledge base (themes and seeded
speakers aside), as a person importing that one note would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Summary
from tests.importer.expectations import check_file, talk_of


@dataclass(frozen=True)
class Verdict:
    name: str
    key: str
    ok: bool
    problem: str = ""


class _Rollback(Exception):
    pass


def judge_file(folder: Path, name: str, facts: dict) -> list[Verdict]:
    """One verdict per judged fact of ``name``, after importing it alone."""
    verdicts: list[Verdict] = []
    try:
        with transaction.atomic():
            result = import_sources([SourceFile(name, (folder / name).read_bytes())])
            file = result.files[0]
            for key, value in facts.items():
                if key == "split_into_talks_or_refused":
                    parts = Summary.objects.filter(source_name=name).count()
                    ok = (file.failed and bool(file.message)) or parts == value
                    verdicts.append(Verdict(name, key, ok, f"{parts} talks; {file.message}"))
                elif file.failed:
                    verdicts.append(Verdict(name, key, False, f"import failed: {file.message}"))
                else:
                    problems = check_file(name, {key: value}, talk_of)
                    verdicts.append(Verdict(name, key, not problems, "; ".join(problems)))
            raise _Rollback
    except _Rollback:
        pass
    return verdicts


def judge_folder(folder: Path, expected: dict) -> list[Verdict]:
    """Every verdict for every file that expected.json describes."""
    verdicts: list[Verdict] = []
    for name, facts in expected.items():
        verdicts.extend(judge_file(folder, name, facts))
    return verdicts
