"""Claims and sections a note keeps in its front matter rather than its body.

Some tools put everything in YAML: ``quotes:`` (strings or ``{text: …}``), ``key_points:``/``points:``,
``takeaways:``, ``highlights:``, a markdown ``summary:`` (read as the body when the body is
empty), ``chapters:``/``timestamps:`` lists of times. Each claim points at its key's line.
"""

from __future__ import annotations

import re

from ..types import ParsedClaim, ParsedSection
from .language import detect_language
from .metadata import fm_key, fm_lookup
from .text import collapse, is_substantial, strip_quotes
from .timestamps import clock_seconds, leading_marker

LIST_CLAIM_KEYS = (
    (("quotes", "key_quotes", "notable_quotes"), "highlight"),
    (("highlights",), "highlight"),
    (
        (
            "key_points",
            "keypoints",
            "points",
            "main_points",
            "takeaways",
            "key_takeaways",
            "key_ideas",
            "insights",
            "claims",
        ),
        "key_point",
    ),
)
MAX_LIST_CLAIMS = 12  # a talk has a dozen quotable lines, not sixty; keep the best-scored
SCORE_KEYS = ("relevance_score", "score", "relevance", "rank_score", "importance")
CHAPTER_KEYS = ("chapters", "timestamps", "timeline", "time_stamps")
SUMMARY_KEYS = ("summary", "content", "body", "notes")


def key_line(text: str, key: str) -> int | None:
    """The 1-based line where front-matter ``key`` is written, or None."""
    pattern = re.compile(
        rf"^\s*[\"']?{re.escape(key)}[\"']?\s*(?::|=|::)", re.IGNORECASE | re.MULTILINE
    )
    match = pattern.search(text[:200_000])
    return text.count("\n", 0, match.start()) + 1 if match else None


def _raw_key(data: dict, folded: str) -> str:
    return next((key for key in data if fm_key(key) == folded), folded)


def _entry_text(entry: object) -> str:
    if isinstance(entry, dict):
        entry = entry.get("text") or entry.get("quote") or entry.get("content") or ""
    return collapse(entry) if isinstance(entry, str) else ""


def _score(entry: object) -> float:
    if isinstance(entry, dict):
        for key in SCORE_KEYS:
            value = entry.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
    return 0.0


def _best(entries: list) -> list:
    """At most MAX_LIST_CLAIMS entries: the highest-scored, in their written order."""
    if len(entries) <= MAX_LIST_CLAIMS:
        return entries
    ranked = sorted(range(len(entries)), key=lambda index: (-_score(entries[index]), index))
    keep = sorted(ranked[:MAX_LIST_CLAIMS])
    return [entries[index] for index in keep]


def front_matter_claims(data: dict, text: str) -> list[ParsedClaim]:
    """Claims from front-matter lists (quotes, key points, takeaways, highlights)."""
    claims = []
    for keys, kind in LIST_CLAIM_KEYS:
        for key in keys:
            value = fm_lookup(data, key)
            if not isinstance(value, list):
                continue
            line = key_line(text, _raw_key(data, key))
            for entry in _best(value):
                claim_text = _entry_text(entry)
                if kind == "highlight":
                    claim_text = strip_quotes(claim_text)
                if is_substantial(claim_text, min_words=3, min_cjk=6):
                    claims.append(
                        ParsedClaim(claim_text, detect_language(claim_text), kind, line=line)
                    )
    return claims


def front_matter_summary(data: dict, text: str) -> tuple[str, int]:
    """A markdown summary kept in front matter, and its line; ("", 0) when there is none.

    Only read when the body holds nothing: then the summary is the note's content.
    """
    for key in SUMMARY_KEYS:
        value = fm_lookup(data, key)
        if isinstance(value, str) and len(value.strip()) >= 40:
            return value, key_line(text, _raw_key(data, key)) or 1
    return "", 0


def front_matter_sections(data: dict) -> list[ParsedSection]:
    """Sections from a front-matter list of times ("00:01:02 Intro" or {time: …, title: …})."""
    value = fm_lookup(data, *CHAPTER_KEYS)
    if not isinstance(value, list):
        return []
    sections = []
    for entry in value[:500]:
        if isinstance(entry, dict):
            start = clock_seconds(
                str(entry.get("time") or entry.get("start") or entry.get("timestamp") or "")
            )
            title = collapse(
                str(entry.get("title") or entry.get("name") or entry.get("label") or "")
            )
        elif isinstance(entry, str):
            marker = leading_marker(entry)
            start = marker.start if marker else None
            title = collapse(entry[marker.span[1] :]) if marker else ""
        else:
            continue
        if start is not None:
            sections.append(ParsedSection(title, 0, start))
    return sections
