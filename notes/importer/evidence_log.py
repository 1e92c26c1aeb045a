"""A talk's evidence and skipped blocks as stored on its Summary, and as lines for the curator.

Extraction records ``Evidence`` (every candidate for a field, winner marked) and ``SkippedBlock``
(noise left out, with its reason) on each ParsedTalk. Persisting keeps them on the Summary as lists
of plain dicts (JSON), so the admin's import preview and the summary's change page can say why a
field came out as it did without extracting the file again. Lines are plain text: templates
escape them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from notes.importer.types import Evidence, ParsedTalk, SkippedBlock

# The order a curator reads the fields in; fields not named here come after, in the order found.
FIELD_ORDER = ("title", "url", "date", "duration", "speaker", "language", "split")
SKIPPED_TEXT_CHARS = 160
MAX_SKIPPED_ROWS = 200  # a very noisy file keeps its first blocks' reasons, not all of them


@dataclass(frozen=True)
class EvidenceLine:
    """One line of evidence for display: the sentence, and whether it is a winner."""

    field: str
    sentence: str
    chosen: bool


def evidence_rows(talk: ParsedTalk) -> list[dict]:
    """The talk's evidence as JSON-safe dicts, grouped by field, winners first within a field."""
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    ordered = sorted(
        enumerate(talk.evidence),
        key=lambda pair: (rank.get(pair[1].field, len(rank)), not pair[1].chosen, pair[0]),
    )
    return [asdict(item) for _, item in ordered]


def skipped_rows(talk: ParsedTalk) -> list[dict]:
    """The talk's skipped blocks as JSON-safe dicts, texts shortened for display."""
    rows = []
    for block in talk.skipped[:MAX_SKIPPED_ROWS]:
        text = " ".join((block.text or "").split())
        if len(text) > SKIPPED_TEXT_CHARS:
            text = text[: SKIPPED_TEXT_CHARS - 1] + "…"
        rows.append({"line": block.line, "reason": block.reason, "text": text})
    return rows


def evidence_lines(rows: list[dict] | None) -> list[EvidenceLine]:
    """Stored evidence rows as display lines (rows of an unknown shape are left out)."""
    lines = []
    for row in rows or []:
        try:
            item = Evidence(**row)
        except TypeError:
            continue
        lines.append(EvidenceLine(item.field, item.sentence(), item.chosen))
    return lines


def skipped_lines(rows: list[dict] | None) -> list[str]:
    """Stored skipped-block rows as sentences: ``line 12: promotion — “Subscribe for more…”``."""
    lines = []
    for row in rows or []:
        try:
            block = SkippedBlock(**row)
        except TypeError:
            continue
        where = f"line {block.line}: " if block.line else ""
        lines.append(f"{where}{block.reason} — “{block.text}”")
    return lines
