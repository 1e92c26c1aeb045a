"""Pages that hold several talks, told apart by a structure repeated once per talk.

Shapes (each needs two or more parts, every part with a marker of its own):

- speaker-marked headings: headings of one level whose first lines are a by-line (``by [Name](…)``,
  ``by Name``, a line linking only the speaker's profile) or a speaker bullet (``* speaker: Name``),
  or whose heading ends in a by-line ("Draft.js by Nik Graf") — a meetup or a conference day,
  lettered or numbered (``## A. Title``) or not; a bold title line followed by a by-line counts as
  a heading. The names must differ from part to part (one speaker heading every section is one
  talk in sections), at least half the headings of that level must carry a marker, and a heading
  that only names its speaker is a panel turn, not a talk.
- episode headings: headings (an H2 inside a list item counts) each followed by chapter lines
  linking into one video of its own at ``t=`` offsets (the chapters become timed claims), or,
  three or more of them, by a line holding only a link to their own video.
- refused: a dated log of recommendations (``## YYYY-MM-DD`` sections of ``[Show | Episode](link)``
  items with a line of blurb), or a page whose sections only list links with a line of comment
  each: not notes of any talk.

Everything outside a talk's range (the page's own title and intro, a trailing "Things to Google"
or "Resources" section) is not a talk. A date line under the page title applies to every talk.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from ...normalise import youtube_video_id
from .dates import parse_date
from .talk_markers import (
    BOLD_LINE,
    ENUMERATOR,
    HEADING,
    heading_by_line,
    is_titled,
    plain,
    speaker_marker,
)
from .text import find_urls
from .timestamps import seconds_from_url
from .urls import is_media
from .vocabulary import phrase_class

_FENCE = re.compile(r"^\s*(?:```|~~~)")
_LONE_LINK = re.compile(
    r"^\s*(?:[*+-]\s+)?(?:[^\W\d_][\w ]{0,24}[:：]\s*)?(?:<?(https?://\S+?)>?|\[[^\]]*\]\((https?://[^)\s]+)\))\s*$"
)
_DATE_ONLY = re.compile(
    r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])\s*$"
)
_LEADING_DATE = re.compile(r"^\s*(?:\*\*|_)?(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*年[^，,\s]*?日)")
_LINK_LEAD = re.compile(r"^\s*(?:[*+-]\s+|\d{1,3}[.)]\s+)?\[[^\]]+\]\(https?://")
MIN_PARTS = 2
BOLD_LEVEL = 7  # a bold line standing for a heading ranks below every markdown heading
MIN_LINKED_EPISODES = 3
MIN_LOG_SECTIONS = 3
LOG_LINK_SHARE = 0.7
LIST_COMMENT_CHARS = 240  # a line of comment per link; more is notes


@dataclass
class Heading:
    index: int
    level: int
    text: str
    in_item: bool
    end: int | None = None  # where its section ends (set on first use)

    @property
    def key(self) -> tuple[int, bool]:
        return self.level, self.in_item


@dataclass
class Talk:
    """One talk of a page: its heading, its lines [start, end) and what marks it."""

    heading: Heading
    end: int
    speakers: list[str] = field(default_factory=list)
    marker: str = ""  # "by-line", "speaker bullet", "speaker line", "by-line in the heading", …
    video: str = ""  # the episode's own video URL (episode shape)
    title: str = ""  # the heading without the by-line it holds ("Draft.js by Nik Graf")


@dataclass
class Layout:
    """A page read as several talks, or the reason it cannot be."""

    talks: list[Talk] = field(default_factory=list)
    structure: str = ""  # "3 talks: H2 headings each followed by a by-line"
    refusal: str = ""
    page_date: str = ""  # ISO date of a date line under the page title
    chapters: bool = False
    enumerated: bool = False


def find_headings(lines: list[str]) -> list[Heading]:
    """ATX headings outside code fences, including one that opens a list item (``* ## Title``),
    and a bold line standing for a heading when a by-line or speaker bullet follows it."""
    found, fenced = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            level = len(match.group("hashes"))
            found.append(Heading(index, level, match.group("text"), bool(match.group("item"))))
            continue
        bold = None if fenced else BOLD_LINE.match(line)
        if bold and speaker_marker(lines, index + 1, min(len(lines), index + 4))[0]:
            found.append(Heading(index, BOLD_LEVEL, bold.group("text"), False))
    return found


def _section_end(headings: list[Heading], position: int, total: int) -> int:
    """Where a heading's section ends: at the next heading of the same or a higher level."""
    heading = headings[position]
    if heading.end is None:
        _set_section_ends(headings, total)
    return heading.end


def _set_section_ends(headings: list[Heading], total: int) -> None:
    """Every heading's section end in one pass (a stack of open sections), so that pages of
    thousands of headings cost linear time."""
    open_sections: list[Heading] = []
    for heading in headings:
        while open_sections and open_sections[-1].level >= heading.level:
            open_sections.pop().end = heading.index
        open_sections.append(heading)
    for heading in open_sections:
        heading.end = total


def _distinct_speakers(talks: list[Talk]) -> bool:
    """No speaker heads more than a quarter of the parts (all differ when there are few)."""
    counts = Counter(name.casefold() for talk in talks for name in dict.fromkeys(talk.speakers))
    allowed = max(1, len(talks) // 4)
    return bool(counts) and max(counts.values()) <= allowed


def _most_marked(talks: list[Talk], headings: list[Heading]) -> bool:
    """At least half the headings of the talks' level (references and link lists aside) carry a
    marker: two speaker lines among many sections of one talk (a guest's Q&A) are no talks."""
    key = talks[0].heading.key
    level = [h for h in headings if h.key == key and not is_noise_heading(h.text)]
    return 2 * len(talks) >= len(level)


def _close_ranges(talks: list[Talk], headings: list[Heading], lines: list[str]) -> None:
    """A talk runs to the next talk, or to a higher heading between them. After the last talk,
    any heading of its level or higher opens the page's tail ("Things to Google", "Resources")."""
    position_of = {heading.index: position for position, heading in enumerate(headings)}
    for number, talk in enumerate(talks):
        last = number + 1 == len(talks)
        end = len(lines) if last else talks[number + 1].heading.index
        for heading in headings[position_of[talk.heading.index] + 1 :]:
            if heading.index >= end:
                break
            if heading.level < talk.heading.level or (last and heading.level == talk.heading.level):
                end = heading.index
                break
        talk.end = end


def _speaker_layout(lines: list[str], headings: list[Heading]) -> Layout | None:
    by_key: dict[tuple[int, bool], list[Talk]] = {}
    for position, heading in enumerate(headings):
        end = _section_end(headings, position, len(lines))
        names, kind = speaker_marker(lines, heading.index + 1, end)
        title = ""
        if not names:
            title, names = heading_by_line(heading.text)
            kind = "by-line in the heading" if names else ""
        if names and is_titled(title or heading.text, names):
            talk = Talk(heading, end, names, kind, title=title)
            by_key.setdefault(heading.key, []).append(talk)
    for key in sorted(by_key):
        talks = by_key[key]
        if len(talks) >= MIN_PARTS and _distinct_speakers(talks) and _most_marked(talks, headings):
            _close_ranges(talks, headings, lines)
            kind = Counter(talk.marker for talk in talks).most_common(1)[0][0]
            enumerators = [ENUMERATOR.match(talk.heading.text) for talk in talks]
            enumerated = all(enumerators)
            shape = _heading_name(key)
            if enumerated:
                lettered = all(match.group(0)[0].isalpha() for match in enumerators)
                shape = f"{'lettered' if lettered else 'numbered'} {shape}"
            how = (
                "holding a by-line" if kind == "by-line in the heading" else f"followed by a {kind}"
            )
            return Layout(
                talks,
                f"{len(talks)} talks: {shape} each {how}",
                enumerated=enumerated,
            )
    return None


def is_noise_heading(text: str) -> bool:
    """A heading of references, links or promotion ("Resources", "参考"): never a talk."""
    return phrase_class(plain(text)) == "noise"


def _heading_name(key: tuple[int, bool]) -> str:
    level, in_item = key
    if level == BOLD_LEVEL:
        return "bold title lines"
    return f"H{level} headings inside list items" if in_item else f"H{level} headings"


@lru_cache(maxsize=8192)
def video_key(url: str) -> str:
    """One video's identity: its YouTube id, else the URL without query and fragment."""
    video_id = youtube_video_id(url)
    if video_id:
        return f"https://www.youtube.com/watch?v={video_id}"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _timed_links(lines: list[str]) -> list[str]:
    return [url for line in lines if "http" in line for url in _line_timed_links(line)]


@lru_cache(maxsize=8192)
def _line_timed_links(line: str) -> tuple[str, ...]:
    """Video links at a ``t=`` offset on one line (cached: nested sections scan a line again)."""
    urls = find_urls(line)
    return tuple(url for url in urls if seconds_from_url(url) is not None and is_media(url))


def _own_video(section: list[str]) -> tuple[str, str]:
    """The one video a section belongs to, and how it says so: chapter links at ``t=`` offsets
    into it, or a line holding only its link right under the heading."""
    videos = {video_key(url) for url in _timed_links(section)}
    if len(videos) == 1:
        return videos.pop(), "chapter links"
    first = next((line for line in section if line.strip()), "")
    match = _LONE_LINK.match(first)
    url = match and (match.group(1) or match.group(2))
    if url and is_media(url) and not videos:
        return video_key(url), "video link"
    return "", ""


def _chapter_layout(lines: list[str], headings: list[Heading]) -> Layout | None:
    for key in sorted({heading.key for heading in headings}):
        talks, kinds, ended = [], Counter(), False
        for position, heading in enumerate(headings):
            if heading.key != key:
                continue
            end = _section_end(headings, position, len(lines))
            section = lines[heading.index + 1 : end]
            video, how = _own_video(section)
            if video and is_noise_heading(heading.text):
                video = ""
            if video and not ended:
                talks.append(Talk(heading, end, video=video))
                kinds[how] += 1
            elif talks and not ended and not any(line.strip() for line in section):
                talks.append(Talk(heading, end))  # an episode listed without its chapters
            elif talks:
                ended = True  # a section of another kind: the episodes end before it
            if ended and video:
                talks = []  # episodes on both sides of another section: not one structure
                break
        while talks and not talks[-1].video and _is_trailing(talks, headings):
            talks.pop()
        own_videos = [talk.video for talk in talks if talk.video]
        # A lone link per section is a weaker sign than chapters: it takes three to make a list.
        needed = MIN_PARTS if kinds["chapter links"] >= kinds["video link"] else MIN_LINKED_EPISODES
        if len(own_videos) >= needed and len(set(own_videos)) == len(own_videos):
            _close_ranges(talks, headings, lines)
            how = kinds.most_common(1)[0][0]
            followed = (
                "chapter links into its own video"
                if how == "chapter links"
                else ("a link to its own video")
            )
            return Layout(
                talks,
                f"{len(talks)} episodes: {_heading_name(key)} each followed by {followed}",
                chapters=True,
            )
    return None


def _is_trailing(talks: list[Talk], headings: list[Heading]) -> bool:
    """An empty episode heading after the last one with chapters stays an episode only in a
    list of such headings (``* ## Title``); a bare trailing heading may be a page section."""
    return not talks[-1].heading.in_item


def _recommendation_log(lines: list[str], headings: list[Heading]) -> str:
    """The refusal for a dated log of recommended episodes, or ""."""
    for key in sorted({heading.key for heading in headings}):
        level_headings = [(p, h) for p, h in enumerate(headings) if h.key == key]
        dated = [(p, h) for p, h in level_headings if _DATE_ONLY.match(h.text)]
        if len(dated) < MIN_LOG_SECTIONS or len(dated) < 0.8 * len(level_headings):
            continue
        linked = 0
        for position, heading in dated:
            end = _section_end(headings, position, len(lines))
            content = [line for line in lines[heading.index + 1 : end] if line.strip()]
            if content and _LINK_LEAD.match(content[0]):
                linked += 1
        if linked >= LOG_LINK_SHARE * len(dated):
            return (
                f"it is a list of recommended episodes ({len(dated)} dated sections of links "
                "with a line of comment each), not notes of one talk; import the notes of each "
                "episode on their own"
            )
    return ""


def _link_list_page(lines: list[str], headings: list[Heading]) -> str:
    """The refusal for a page whose sections only list links with a line of comment each (a
    digest of recommended episodes grouped by theme), or ""."""
    for key in sorted({heading.key for heading in headings}):
        sections, linked, entries, covered = 0, 0, 0, 0
        for position, heading in enumerate(headings):
            if heading.key != key:
                continue
            end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
            content = [line for line in lines[heading.index + 1 : end] if line.strip()]
            if not content:
                continue
            sections += 1
            links = [line for line in content if _LINK_LEAD.match(line)]
            comment = sum(len(plain(line).strip()) for line in content if line not in links)
            if (
                links
                and _LINK_LEAD.match(content[0])
                and 3 * len(links) >= len(content)
                and comment <= LIST_COMMENT_CHARS * len(links)
            ):
                linked += 1
                entries += len(links)
                covered += len(content)
        if (
            linked >= MIN_LOG_SECTIONS
            and entries > linked
            and linked >= 0.8 * sections
            and covered >= 0.8 * _content_lines(lines, headings)
        ):
            return (
                f"it is a list of {entries} links to episodes or articles under {linked} "
                "headings, each with a line of comment at most, not notes of one talk; import "
                "the notes of each on their own"
            )
    return ""


def _content_lines(lines: list[str], headings: list[Heading]) -> int:
    """Non-empty lines of the body that are not headings, after the first heading."""
    starts = {heading.index for heading in headings}
    first = headings[0].index if headings else 0
    return sum(1 for i, line in enumerate(lines) if i > first and line.strip() and i not in starts)


def _page_date(lines: list[str], first_talk: int, headings: list[Heading]) -> str:
    """A date line opening the page (under its title), before the first talk: "2016-09-19 in Linz"."""
    title_lines = {h.index for h in headings if h.index < first_talk}
    seen = 0
    for index, line in enumerate(lines[:first_talk]):
        if not line.strip() or index in title_lines:
            continue
        seen += 1
        if seen > 2:
            break
        match = _LEADING_DATE.match(line) or (
            re.match(r"^\s*(?:\*\*)?(?:date|日期)(?:\*\*)?\s*[:：]\s*(.+)$", line, re.I)
        )
        parsed = parse_date(match.group(1)) if match else None
        if parsed and parsed[1] == "day":
            return parsed[0].isoformat()
    return ""


def read_layout(body: str) -> Layout:
    """How ``body`` divides into talks: several talks, a refusal, or no talks at all (one talk)."""
    lines = body.split("\n")
    headings = find_headings(lines)
    if len(headings) < MIN_PARTS:
        return Layout()
    refusal = _recommendation_log(lines, headings)
    if refusal:
        return Layout(refusal=refusal)
    layout = _speaker_layout(lines, headings) or _chapter_layout(lines, headings)
    if layout is None:
        return Layout(refusal=_link_list_page(lines, headings))
    layout.page_date = _page_date(lines, layout.talks[0].heading.index, headings)
    return layout
