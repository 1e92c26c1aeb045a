"""Choose a talk's title, or derive one when the note has none.

Order: a front-matter title (``full-title`` before ``title``; Logseq's "(highlights)" and escaping
backslashes removed), a labelled line ("- 标题：…", ``**Summary of the Podcast: "…"**``), the
note's one top-level heading (or a pandoc ``#[2023/05] Title`` heading, whose bracket is the date),
then a derived title. Generic headings ("YouTube Video Summary", "Notes", "全文") and headings that
end with a colon are never titles. A derived title comes from a meaningful file name (or its
folder's name when the file is called "notes.md"), else from the first sentence that is not a
greeting, shortened to about sixty characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...normalise import normalise_title
from .dates import parse_date
from .markdown_tree import Block
from .metadata import Field, fm_text
from .text import cjk_count, collapse, ends_with_colon, shorten, strip_quotes
from .vocabulary import GENERIC_FILE_STEMS, is_generic_title, phrase_class

_DATED_HEADING = re.compile(r"^\[(?P<date>\d{4}(?:[/.-]\d{1,2}){0,2})\]\s*(?P<title>.+)$")
_HIGHLIGHTS_SUFFIX = re.compile(r"\s*\((?:highlights?|notes?)\)\s*$", re.IGNORECASE)
_GREETING = re.compile(
    r"^[\s，,。.、！!]*(?:大家好|各位|hello|hi\b|hey\b|welcome|欢迎收听|欢迎来到|欢迎大家|嗨|哈喽|朋友们)",
    re.IGNORECASE,
)
_HEX_TOKEN = re.compile(r"^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$|^\d+$", re.IGNORECASE)
_LEADING_NUMBERS = re.compile(r"^(?:\d{4}[-_.]\d{1,2}[-_.]\d{1,2}[-_ ]*|\d{1,4}[-_ ]+)")
DERIVED_TITLE_LENGTH = 60


@dataclass
class TitleChoice:
    """The chosen title and what it implies."""

    title: str = ""
    derived: bool = False
    source: str = ""  # "front matter", "label", "heading", "file name", "text"
    heading: str = ""  # the note's own title heading, when it has one
    date: tuple[dt.date, str] | None = None  # from a "#[2023/05] Title" heading
    consumed: set[int] = field(default_factory=set)  # blocks that only held the title
    warnings: list[str] = field(default_factory=list)


def clean_title(value: str) -> str:
    """A title without Logseq's "(highlights)", escaping backslashes, quotes and extra spaces."""
    value = strip_quotes(collapse(re.sub(r"\\(.)", r"\1", value or "")))
    return collapse(strip_quotes(_HIGHLIGHTS_SUFFIX.sub("", value)))


def heading_title(blocks: list[Block]) -> tuple[str, tuple[dt.date, str] | None]:
    """The note's title heading: a dated pandoc heading, or its only heading of the top level."""
    headings = [block for block in blocks if block.kind == "heading" and block.text.strip()]
    if not headings:
        return "", None
    first = headings[0]
    dated = _DATED_HEADING.match(first.text)
    if dated:
        return clean_title(dated.group("title")), parse_date(dated.group("date"))
    top = min(block.level for block in headings)
    at_top = [block for block in headings if block.level == top]
    if len(at_top) != 1:
        return "", None
    text = clean_title(at_top[0].text)
    if is_generic_title(text) or ends_with_colon(at_top[0].text) or phrase_class(text):
        return "", None
    return text, None


def choose_title(data: dict, fields: list[Field], blocks: list[Block]) -> TitleChoice:
    """The talk's stated title (not derived; see derive_title)."""
    choice = TitleChoice()
    choice.heading, choice.date = heading_title(blocks)
    front = clean_title(fm_text(data, "full_title", "title", "episode_title", "name"))
    if front and not is_generic_title(front):
        choice.title, choice.source = front, "front matter"
        if choice.heading and not _same_title(front, choice.heading):
            choice.warnings.append(
                f"The front-matter title '{front}' differs from the heading '{choice.heading}'; "
                "used the front-matter title."
            )
        return choice
    for name in ("title", "episode"):
        for item in fields:
            if item.field == name:
                value = clean_title(item.value)
                if value and not is_generic_title(value):
                    choice.title, choice.source = value, "label"
                    choice.consumed = {item.block}
                    return choice
    if choice.heading:
        choice.title, choice.source = choice.heading, "heading"
    return choice


def _same_title(first: str, second: str) -> bool:
    a, b = normalise_title(first), normalise_title(second)
    return a == b or a in b or b in a


def _meaningful_stem(source_name: str) -> str:
    path = PurePosixPath(source_name.replace("\\", "/"))
    candidates = [path.name.split(".")[0], path.parent.name]
    for stem in candidates:
        text = _LEADING_NUMBERS.sub("", stem or "")
        tokens = [token for token in re.split(r"[-_\s.]+", text) if token]
        tokens = [token for token in tokens if not _HEX_TOKEN.match(token)]
        title = " ".join(tokens)
        words = [token for token in tokens if re.search(r"[A-Za-z]{2,}", token)]
        folded = title.casefold()
        if folded in GENERIC_FILE_STEMS or is_generic_title(title):
            continue
        if len(words) >= 2 or cjk_count(title) >= 4:
            return title[:1].upper() + title[1:]
    return ""


def _first_sentence(texts: list[str]) -> str:
    for text in texts:
        for sentence in re.split(r"(?<=[。！？!?])|(?<=\.)\s+|\n", text):
            sentence = collapse(sentence).strip(" ，,。.、")
            if not sentence or _GREETING.match(sentence):
                continue
            if cjk_count(sentence) >= 4 or len(sentence.split()) >= 3:
                return shorten(sentence, DERIVED_TITLE_LENGTH)
    return ""


def derive_title(source_name: str, texts: list[str]) -> tuple[str, str]:
    """(title, source) for a note without one: its file name, else its first real sentence."""
    stem = _meaningful_stem(source_name)
    if stem:
        return shorten(stem, 120), "file name"
    sentence = _first_sentence(texts)
    if sentence:
        return sentence, "text"
    fallback = PurePosixPath(source_name.replace("\\", "/")).name or "Untitled talk"
    return fallback, "file name"
