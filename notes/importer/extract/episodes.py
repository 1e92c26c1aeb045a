"""Split a file that holds several talks into one part per talk, or say why it cannot be split.

Digest signals, either enough: explicit cut lines (``---<CUT>---``), or two or more headings of one
level that each carry their own source URL (in the heading or in a "Source URL:" line just below).
A part without substance (the digest's own title line) is dropped. Other repeated per-talk
structures (by-lines, speaker bullets, episode headings with chapter links, a dated log of
recommendations) are read by multitalk. One part means no split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .multitalk import read_layout
from .part_text import talk_body
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
    """One talk's text and the number of file lines before it, with what the page says of it."""

    text: str  # the markdown the talk is read from
    offset: int
    heading_urls: list[str]
    raw: str = ""  # the talk's lines verbatim, when ``text`` was normalised
    speakers: list[str] = field(default_factory=list)  # named by the part's by-line or bullet
    marker: str = ""  # "by-line", "speaker bullet", "by-line in the heading", …
    page_date: str = ""  # ISO date of the page's date line, shared by every talk
    structure: str = ""  # what told the talks apart: "3 talks: H2 headings each followed by…"


@dataclass
class Split:
    """The parts of a body (one when it is one talk), or the sentence refusing to split it."""

    parts: list[Part]
    refusal: str = ""


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


def _before_higher_heading(lines: list[str], start: int, end: int) -> int:
    """An episode ends early at a heading above its own level (the next theme of a digest)."""
    level = len(_ATX.match(lines[start]).group(1))
    fenced = False
    for index in range(start + 1, end):
        if lines[index].strip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _ATX.match(lines[index])
        if match and len(match.group(1)) < level:
            return index
    return end


def _substantial(text: str) -> bool:
    body = "\n".join(line for line in text.split("\n") if not _ATX.match(line))
    return len(collapse(body)) >= MIN_PART_CHARS


def split_talks(body: str, offset: int) -> Split:
    """The talks of ``body`` (``offset`` file lines precede it), or why it cannot be split."""
    parts = split_episodes(body, offset)
    if len(parts) > 1:
        return Split(parts)
    layout = read_layout(body)
    if layout.refusal:
        return Split([], layout.refusal)
    if not layout.talks:
        return Split(parts)
    lines = body.split("\n")
    return Split(
        [
            Part(
                talk_body(lines, talk, layout),
                offset + talk.heading.index,
                [talk.video] if talk.video else [],
                raw="\n".join(lines[talk.heading.index : talk.end]),
                speakers=talk.speakers,
                marker=talk.marker,
                page_date=layout.page_date,
                structure=layout.structure,
            )
            for talk in layout.talks
        ]
    )


def split_episodes(body: str, offset: int) -> list[Part]:
    """The episodes of a digest ``body`` (``offset`` file lines precede it); one part when it is
    one talk."""
    lines = body.split("\n")
    cuts = [index for index, line in enumerate(lines) if _CUT.match(line)]
    if cuts:
        bounds = [-1, *cuts, len(lines)]
        ranges = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
        how = "cut lines between them"
    else:
        starts = _episode_starts(lines)
        if not starts:
            return [Part(body, offset, [])]
        bounds = [*starts, len(lines)]
        ranges = [(0, starts[0])] + [
            (bounds[i], _before_higher_heading(lines, bounds[i], bounds[i + 1]))
            for i in range(len(starts))
        ]
        how = "headings each with its own source URL"
    parts = []
    for begin, end in ranges:
        text = "\n".join(lines[begin:end])
        if not _substantial(text):
            continue
        heading_urls = [
            url for line in lines[begin:end] if _ATX.match(line) for url in find_urls(line)
        ][:1]
        parts.append(Part(text, offset + begin, heading_urls))
    for part in parts:
        part.structure = f"{len(parts)} episodes: {how}"
    return parts if len(parts) >= 2 else [Part(body, offset, [])]
