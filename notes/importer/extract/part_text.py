"""One talk's lines from a page of several, as markdown of their own for the talk extractor.

The line count is kept, so claims keep their file line numbers: a heading that opens a list item
(``* ## Title``) leaves its item and its sub-lines lose one level of indent, a heading's letter or
number (``## A. Title``) goes when every talk of the page has one, and chapter lines linking into
the episode's video at ``t=`` offsets become timed lines (``* [29:52] Chapter title``).
"""

from __future__ import annotations

import re

from .multitalk import Layout, Talk
from .talk_markers import ENUMERATOR, LINK
from .timestamps import seconds_from_url
from .urls import is_media

_CHAPTER_BARE = re.compile(
    r"^(?P<lead>\s*(?:[*+-]|\d{1,3}[.)])?\s*)(?P<title>.*?\S)\s*[:：|–—-]?\s*(?P<url>https?://\S+)\s*$"
)


def talk_body(lines: list[str], talk: Talk, layout: Layout) -> str:
    """The talk's lines as markdown of its own: heading out of its list item, enumerator and
    chapter links turned into timed lines."""
    own = lines[talk.heading.index : talk.end]
    text = talk.title or talk.heading.text
    if layout.enumerated:
        text = ENUMERATOR.sub("", text, count=1)
    own = [f"{'#' * min(talk.heading.level, 6)} {text}", *own[1:]]
    if talk.heading.in_item:
        own = [own[0], *(_dedent(line) for line in own[1:])]
    if layout.chapters:
        own = [own[0], *(_chapter_line(line) for line in own[1:])]
    return "\n".join(own)


def _dedent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(stripped, 4) :] if stripped >= 2 else line


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _chapter_line(line: str) -> str:
    """ "* Tool: Sleep : https://youtu.be/x?t=90" -> "* [1:30] Tool: Sleep".

    The link goes (the talk keeps the video as its URL, the raw text keeps every link): a list
    of links reads as a link list, while a list of timed chapter titles reads as the talk's points.
    """
    link = LINK.search(line)
    if link and is_media(link.group(2)) and seconds_from_url(link.group(2)) is not None:
        lead = line[: link.start()] or "- "
        rest = (link.group(1) + line[link.end() :]).strip(" :：|–—-")
        return f"{lead}[{_clock(seconds_from_url(link.group(2)))}] {rest}"
    match = _CHAPTER_BARE.match(line)
    if match and is_media(match.group("url")) and seconds_from_url(match.group("url")) is not None:
        url = match.group("url")
        lead = match.group("lead") or "- "
        title = match.group("title").rstrip(" :：|–—-")
        return f"{lead}[{_clock(seconds_from_url(url))}] {title}"
    return line
