"""Split a file that holds several episodes (a daily digest) into one part per episode.

Two signals, either enough: explicit cut lines (``---<CUT>---``), or two or more headings of one
level that each carry their own source URL (in the heading or in a "Source URL:" line just below).
A part without substance (the digest's own title line) is dropped. One part means no split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import collapse, find_urls

_CUT = re.compile(r"^\s*(?:-{2,}|={2,})\s*<\s*cut\s*>\s*(?:-{2,}|={2,})\s*$", re.IGNORECASE)
_ATX = re.compile(r"^(#{1,6})\s+(.*)$")
_SOURCE_LINE = re.compile(
    r"^\s*(?:source url|url|episode url|链接|source)\s*[:：]\s*https?://", re.I
)
SOURCE_LINE_WINDOW = 12
MIN_PART_CHARS = 200


@dataclass
class Part:
    """One episode's text and the number of file lines before it."""

    text: str
    offset: int
    heading_urls: list[str]


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    found = []
    fenced = False
    for index, line in enumerate(lines):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _ATX.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def _episode_starts(lines: list[str]) -> list[int]:
    """Line indexes of episode headings: one level, each with its own URL."""
    headings = _headings(lines)
    for level in range(1, 7):
        starts, urls = [], set()
        for index, heading_level, text in headings:
            if heading_level != level:
                continue
            own = find_urls(text)
            if not own:
                window = lines[index + 1 : index + 1 + SOURCE_LINE_WINDOW]
                own = [
                    url for line in window if _SOURCE_LINE.match(line) for url in find_urls(line)
                ]
            if own:
                starts.append(index)
                urls.add(own[0])
        if len(starts) >= 2 and len(urls) == len(starts):
            return starts
    return []


def _substantial(text: str) -> bool:
    body = "\n".join(line for line in text.split("\n") if not _ATX.match(line))
    return len(collapse(body)) >= MIN_PART_CHARS


def split_episodes(body: str, offset: int) -> list[Part]:
    """The episodes of ``body`` (``offset`` file lines precede it); one part when it is one talk."""
    lines = body.split("\n")
    cuts = [index for index, line in enumerate(lines) if _CUT.match(line)]
    if cuts:
        bounds = [-1, *cuts, len(lines)]
        ranges = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    else:
        starts = _episode_starts(lines)
        if not starts:
            return [Part(body, offset, [])]
        bounds = [*starts, len(lines)]
        ranges = [(0, starts[0])] + [(bounds[i], bounds[i + 1]) for i in range(len(starts))]
    parts = []
    for begin, end in ranges:
        text = "\n".join(lines[begin:end])
        if not _substantial(text):
            continue
        heading_urls = [
            url for line in lines[begin:end] if _ATX.match(line) for url in find_urls(line)
        ][:1]
        parts.append(Part(text, offset + begin, heading_urls))
    return parts if len(parts) >= 2 else [Part(body, offset, [])]
