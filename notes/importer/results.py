"""What an import reports: one FileResult per file, an ImportResult per run (pipeline.import_sources)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from notes.importer.previews import TalkPreview, counted
from notes.models import ImportRun

OUTCOMES = ("imported", "updated", "unchanged", "failed")


@dataclass
class FileResult:
    """What happened to one file: outcome, one sentence, warnings, and per-talk previews."""

    name: str
    outcome: str  # "imported" | "updated" | "unchanged" | "failed"
    message: str
    warnings: list[str] = field(default_factory=list)
    talks: list[TalkPreview] = field(default_factory=list)
    talk_id: int | None = None
    summary_id: int | None = None
    storage_full: bool = False  # the database could not grow: the run stops here

    @property
    def claims(self) -> int:
        return sum(talk.claims for talk in self.talks)

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"

    def line(self) -> str:
        """One line for a terminal: ``imported  file.md → Talk title (12 claims)``."""
        if self.failed or not self.talks:
            return f"{self.outcome:<9} {self.message}"
        target = self.talks[0].title if len(self.talks) == 1 else f"{len(self.talks)} talks"
        return f"{self.outcome:<9} {self.name} → {target} ({counted(self.claims, 'claim')})"


@dataclass
class ImportResult:
    files: list[FileResult]
    run: ImportRun | None = None
    dry_run: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")

    def summary_line(self) -> str:
        """``N imported, N updated, N unchanged, N failed``."""
        return ", ".join(f"{self.count(outcome)} {outcome}" for outcome in OUTCOMES)


Progress = Callable[[int, int, FileResult], None]
