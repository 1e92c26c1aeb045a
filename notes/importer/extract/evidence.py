"""Candidates for a talk's field, the rule that picks one, and the evidence it leaves behind.

Every field chooser (titles, urls, metadata dates and durations) gathers ``Candidate`` values from
every place a note keeps that field, each with a source ("H1", "front matter title", "link line")
and a weight. ``pick`` applies one documented rule for all fields:

1. a candidate with a ``rejected`` reason (generic, placeholder, decoy host…) never wins;
2. among the rest the highest weight wins; on a tie, the earliest found (document order);
3. every candidate becomes an ``Evidence`` line: the winner first (with what was done to it, e.g.
   "summarizer prefix removed"), then the others in the order found, each with why it lost — its
   rejection, "same as the chosen value", or "outranked by <winner's source>".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..types import Evidence

MAX_VALUE_CHARS = 200  # evidence is for reading; long values are cut
MAX_ALIKE = 2  # losers from one source for one reason beyond these are counted, not listed


@dataclass
class Candidate:
    """One value a field could take, where it was found and how much that place is trusted."""

    value: str
    source: str
    weight: int
    line: int | None = None
    rejected: str = ""  # why it can never win ("generic", "placeholder", "channel page")
    note: str = ""  # what was done to the value when it wins ("summarizer prefix removed")
    data: object = None  # a parsed form (a date tuple, seconds) the caller wants back


def _short(value: str) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


def pick(
    field: str,
    candidates: list[Candidate],
    same: Callable[[str, str], bool] | None = None,
) -> tuple[Candidate | None, list[Evidence]]:
    """The winning candidate (or None) and the evidence for every candidate; see module docstring.

    ``same(a, b)`` says when two values are one (e.g. two spellings of one URL); default equality.
    """
    same = same or (lambda first, second: first == second)
    usable = [(index, c) for index, c in enumerate(candidates) if not c.rejected]
    winner = max(usable, key=lambda pair: (pair[1].weight, -pair[0]))[1] if usable else None
    evidence: list[Evidence] = []
    if winner is not None:
        evidence.append(
            Evidence(field, _short(winner.value), winner.source, True, winner.note, winner.line)
        )
    seen = {(winner.source, winner.value)} if winner else set()
    alike: dict[tuple[str, str], int] = {}
    for candidate in candidates:
        if candidate is winner or (candidate.source, candidate.value) in seen:
            continue
        seen.add((candidate.source, candidate.value))
        if candidate.rejected:
            why = candidate.rejected
        elif winner is not None and same(candidate.value, winner.value):
            why = "same as the chosen value"
        else:
            why = f"outranked by {winner.source}" if winner else "not used"
        alike[(candidate.source, why)] = alike.get((candidate.source, why), 0) + 1
        if alike[(candidate.source, why)] > MAX_ALIKE:
            continue
        evidence.append(
            Evidence(field, _short(candidate.value), candidate.source, False, why, candidate.line)
        )
    for (source, why), count in alike.items():
        if count > MAX_ALIKE:
            more = count - MAX_ALIKE
            evidence.append(Evidence(field, f"{more} more", source, False, why))
    return winner, evidence


def with_front_matter_lines(
    evidence: list[Evidence], data: dict, head: list[str], fold: Callable[[str], list[str]]
) -> list[Evidence]:
    """Evidence from front-matter keys given the line of their key in ``head`` (the file's lines
    before the body); ``fold(key)`` lists the spellings a key is looked up by ("video_url")."""
    wanted = {item.source.removeprefix("front matter ") for item in evidence if item.line is None}
    if not head or not wanted:
        return evidence
    lines: dict[str, int] = {}
    for key in data:
        spellings = [name for name in fold(str(key)) if name in wanted]
        if not spellings:
            continue
        pattern = re.compile(rf"^\s*[\"']?{re.escape(str(key))}[\"']?\s*[:=]")
        number = next((n for n, text in enumerate(head, start=1) if pattern.match(text)), None)
        for name in spellings:
            if number is not None:
                lines.setdefault(name, number)
    if not lines:
        return evidence
    return [
        replace(item, line=lines.get(item.source.removeprefix("front matter ")))
        if item.line is None and item.source.startswith("front matter ")
        else item
        for item in evidence
    ]
