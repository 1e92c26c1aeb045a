"""Choose a talk's title from every place a note keeps one, or derive one when it has none.

Candidates and weights (higher wins; see evidence.pick for the rule and the evidence it records):

- 100 front matter ``full_title``/``title``/``episode_title``/``name`` (Logseq's "(highlights)"
  and escaping backslashes removed);
- 90 a labelled line ("- 标题：…", ``**Summary of the Podcast: "…"**``);
- 85 a pandoc ``#[2023/05] Title`` heading (its bracket is the date);
- 80 the note's one top-level heading — one text, even when chunked LLM output repeats it — or a
  first heading that the next line repeats as a link (``## Title`` + ``[Title](video)``);
- 60 a link line among the first blocks whose text is a title and whose target is a video or
  podcast page (``[Talk title](https://youtu.be/…)``);
- 40 the first line, when it is all bold or opens a note without headings, and is short and not
  a sentence (``first_line_candidates``);
- derived (talk.py, only when none of the above): a meaningful file name, else a first sentence.

Generic headings ("YouTube Video Summary", "Meeting Notes", "全文"), headings ending with a colon,
and one of several top-level headings are never titles. Every candidate is tidied the same way:
summarizer prefixes ("Summary of YouTube Video ID:", "【文字稿】"), emoji at either end, a site
name a web clipper kept (" - YouTube", "_哔哩哔哩_bilibili"), document-type suffixes (" - 文字稿",
" (transcript)", " 全文") and the by-line of ``"Title" by Name`` are removed. A title holding
template code (``{{ title }}``, ``<% tp.file.title %>``) is a placeholder, never a title.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...normalise import normalise_title
from ..types import Evidence
from .dates import parse_date
from .evidence import Candidate, pick
from .markdown_tree import Block
from .metadata import Field, fm_text
from .text import cjk_count, collapse, ends_with_colon, shorten, strip_quotes
from .vocabulary import GENERIC_FILE_STEMS, is_generic_title, phrase_class

_DATED_HEADING = re.compile(r"^\[(?P<date>\d{4}(?:[/.-]\d{1,2}){0,2})\]\s*(?P<title>.+)$")
_HIGHLIGHTS_SUFFIX = re.compile(r"\s*\((?:highlights?|notes?)\)\s*$", re.IGNORECASE)
_KIND = r"(?:youtube\s+|bilibili\s+)?(?:video|podcast|episode|talk|lecture|interview|keynote)"
_SUMMARIZER_PREFIX = re.compile(
    rf"^(?:{_KIND}\s+)?(?:summary|summarization|recap|notes|transcript|key\s+takeaways|takeaways)"
    rf"(?:\s+(?:of|for|on|from)(?:\s+(?:the|a|this))?(?:\s+{_KIND})?)?"
    r"(?:\s+(?:id\s*[:：]?\s*)?[A-Za-z0-9_-]{11})?"
    r"\s*[:：|]\s*(?=\S)"
    r"|^(?:视频|播客|节目|演讲|讲座)?(?:总结|摘要|笔记|纪要|文字稿|逐字稿)\s*[:：|]\s*(?=\S)",
    re.IGNORECASE,
)
_DOCUMENT_WORDS = (
    r"(?:full\s+)?transcript|transcription|summary|notes|show\s+notes|"
    r"文字稿|逐字稿|全文|文字版|完整版|中英字幕|摘要|笔记|总结|纪要|精华版"
)
_DOCUMENT_SUFFIX = re.compile(
    rf"(?:\s*[-–—|:：·]\s*(?:{_DOCUMENT_WORDS})"
    rf"|\s*[(（\[【]\s*(?:{_DOCUMENT_WORDS})\s*[)）\]】]"
    r"|\s+(?:文字稿|逐字稿|全文|文字版))\s*$",
    re.IGNORECASE,
)
_DOCUMENT_PREFIX = re.compile(
    rf"^[\[【(（]\s*(?:{_DOCUMENT_WORDS})\s*[\]】)）]\s*(?=\S)", re.IGNORECASE
)
_SITE_SUFFIX = re.compile(
    r"\s*(?:[-–—|]\s*(?:YouTube|Apple Podcasts|Spotify|Bilibili|哔哩哔哩|小宇宙)"
    r"|_哔哩哔哩_bilibili|_哔哩哔哩)\s*$",
    re.IGNORECASE,
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\$\{[^}]*\}")
_QUOTED_BY = re.compile(
    r"^[\"“”„「『'‘](?P<title>[^\"“”„「」『』]{3,}?)[\"“”」』'’]\s*[,，]?\s*"
    r"(?:by|from|[-–—])\s+(?P<name>\S.{1,80})$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^[\s，,。.、！!]*(?:大家好|各位|hello|hi\b|hey\b|welcome|欢迎收听|欢迎来到|欢迎大家|嗨|哈喽|朋友们)",
    re.IGNORECASE,
)
_HEX_TOKEN = re.compile(r"^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$|^\d+$", re.IGNORECASE)
_LEADING_NUMBERS = re.compile(r"^(?:\d{4}[-_.]\d{1,2}[-_.]\d{1,2}[-_ ]*|\d{1,4}[-_ ]+)")
DERIVED_TITLE_LENGTH = 60
LINK_LINE_BLOCKS = 3  # a title link line must be among the note's first few blocks
MAX_FIRST_LINE_CHARS = 120
MAX_FIRST_LINE_WORDS = 16
FRONT_KEYS = ("full_title", "title", "episode_title", "name")


@dataclass
class TitleChoice:
    """The chosen title and what it implies."""

    title: str = ""
    derived: bool = False
    source: str = ""  # the winning candidate's source ("front matter title", "H1", "link line"…)
    heading: str = ""  # the note's own title heading, when it has one
    written: str = ""  # the winning title as the note wrote it (before tidying): by-lines etc.
    date: tuple[dt.date, str] | None = None  # from a "#[2023/05] Title" heading
    consumed: set[int] = field(default_factory=set)  # blocks that only held the title
    warnings: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk") or ch in "\ufe0f\u200d\u20e3"


def _strip_emoji(value: str) -> str:
    start, end = 0, len(value)
    while start < end and (_is_emoji(value[start]) or value[start].isspace()):
        start += 1
    while end > start and (_is_emoji(value[end - 1]) or value[end - 1].isspace()):
        end -= 1
    return value[start:end]


def tidy_title(value: str) -> tuple[str, list[str]]:
    """A title without escapes, quotes, summarizer prefix, emoji, document suffix and by-line.

    Returns the title and what was removed (for the evidence); a removal that would leave nothing
    is not made.
    """
    value = strip_quotes(collapse(re.sub(r"\\(.)", r"\1", value or "")))
    value = collapse(strip_quotes(_HIGHLIGHTS_SUFFIX.sub("", value)))
    removed: list[str] = []
    steps = (
        ("emoji", _strip_emoji),
        ("summarizer prefix", lambda text: _SUMMARIZER_PREFIX.sub("", text, count=1)),
        ("document-type prefix", lambda text: _DOCUMENT_PREFIX.sub("", text, count=1)),
        ("emoji", _strip_emoji),
        ("site name", lambda text: _SITE_SUFFIX.sub("", text)),
        ("document-type suffix", lambda text: _DOCUMENT_SUFFIX.sub("", text)),
    )
    for what, step in steps:
        tidied = collapse(step(value))
        if tidied != value and tidied and not is_generic_title(tidied):
            value = tidied
            if what not in removed:
                removed.append(what)
    quoted = _QUOTED_BY.match(value)
    if quoted:
        value = collapse(quoted.group("title"))
        removed.append("quotes and by-line")
    return collapse(strip_quotes(value)), removed


def clean_title(value: str) -> str:
    """A title tidied as ``tidy_title`` does, without the account of what was removed."""
    return tidy_title(value)[0]


def _offer(written: str, source: str, weight: int, line: int | None) -> Candidate:
    title, removed = tidy_title(written)
    candidate = Candidate(title or collapse(written), source, weight, line, data=written)
    if removed:
        candidate.note = ", ".join(removed) + " removed"
    if _TEMPLATE.search(written):
        candidate.rejected = "a template placeholder"
    elif not title or is_generic_title(title):
        candidate.rejected = "generic"
    elif ends_with_colon(written):
        candidate.rejected = "ends with a colon (a label, not a title)"
    elif phrase_class(title):
        candidate.rejected = f"a {phrase_class(title)} heading"
    return candidate


def _link_only(block: Block) -> tuple[str, str] | None:
    """(text, url) when the block is one line holding only a link (its text may be empty)."""
    if block.kind != "paragraph" or len(block.lines) != 1 or block.quote:
        return None
    line = block.lines[0]
    if len(line.urls) != 1 or line.unlinked.strip(" -–—|*:："):
        return None
    return line.text, line.urls[0]


def heading_candidates(blocks: list[Block]) -> tuple[list[Candidate], set[int]]:
    """Title candidates from headings (and a link line repeating the first), blocks they consume."""
    headings = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading" and b.text.strip()]
    if not headings:
        return [], set()
    first_index, first = headings[0]
    dated = _DATED_HEADING.match(first.text)
    if dated:
        found = _offer(dated.group("title"), f"dated H{first.level}", 85, first.line)
        found.data = parse_date(dated.group("date"))
        return [found], set()
    top = min(block.level for _, block in headings)
    at_top = [(i, b) for i, b in headings if b.level == top]
    keys = [normalise_title(clean_title(b.text)) for _, b in at_top]
    texts = set(keys)
    source = f"H{top}"
    if len(texts) == 1:
        block = at_top[0][1]
        found = _offer(block.text, source, 80, block.line)
        if len(at_top) > 1:
            found.source = f"{source} (repeated {len(at_top)} times)"
        return [found], set()
    following = blocks[first_index + 1] if first_index + 1 < len(blocks) else None
    link = _link_only(following) if following is not None else None
    if link and _same_title(clean_title(link[0]), clean_title(first.text)):
        found = _offer(first.text, f"H{first.level} repeated as a link", 80, first.line)
        return [found], {first_index + 1}
    block = at_top[0][1]
    repeats = keys.count(keys[0])
    opens_note = at_top[0][0] == next(i for i, b in enumerate(blocks) if b.kind != "hr")
    if repeats > 1 and opens_note:  # chunked LLM output restates its title in every chunk
        found = _offer(
            block.text, f"{source} opening the note, repeated {repeats} times", 80, block.line
        )
        return [found], set()
    first_top = _offer(block.text, source, 80, block.line)
    first_top.rejected = first_top.rejected or f"one of {len(at_top)} top-level headings"
    return [first_top], set()


def link_line_candidates(blocks: list[Block], is_media) -> tuple[list[Candidate], set[int]]:
    """A link line among the first blocks whose text reads as a title and whose target is media."""
    content = [(i, b) for i, b in enumerate(blocks) if b.kind in ("paragraph", "item", "heading")]
    for index, block in content[:LINK_LINE_BLOCKS]:
        link = _link_only(block)
        if not link or not link[0].strip() or not is_media(link[1]):
            continue
        text = link[0]
        if cjk_count(text) < 4 and len(text.split()) < 3:
            continue
        found = _offer(text, "link line", 60, block.line)
        return [found], set() if found.rejected else {index}
    return [], set()


def first_line_candidates(blocks: list[Block]) -> tuple[list[Candidate], set[int]]:
    """The note's first line as a title: all bold, or a short line opening a note without headings.

    A sentence (ending in . 。 ! ? or a colon), a greeting, a URL or a long line is not a title.
    """
    opening = next((i for i, b in enumerate(blocks) if b.kind not in ("hr", "html")), None)
    if opening is None or blocks[opening].kind != "paragraph" or blocks[opening].quote:
        return [], set()
    block = blocks[opening]
    line = block.lines[0]
    text = line.text.strip()
    bold = (
        line.marked.startswith("**") and line.marked.endswith("**") and line.marked.count("**") == 2
    )
    has_headings = any(b.kind == "heading" for b in blocks)
    if not (bold or (not has_headings and len(block.lines) == 1)) or len(blocks) < 2:
        return [], set()
    words = len(text.split())
    if (
        not text
        or line.urls
        or _GREETING.match(text)
        or text.endswith((".", "。", "!", "！", "?", "？", ":", "：", "…"))
        or len(text) > MAX_FIRST_LINE_CHARS
        or (cjk_count(text) < 4 and not 3 <= words <= MAX_FIRST_LINE_WORDS)
    ):
        return [], set()
    found = _offer(text, "bold first line" if bold else "first line", 40, line.number)
    return [found], set() if found.rejected or len(block.lines) > 1 else {opening}


def choose_title(data: dict, fields: list[Field], blocks: list[Block], is_media) -> TitleChoice:
    """The talk's stated title (not derived; see derive_title), with the evidence for it."""
    choice = TitleChoice()
    candidates: list[Candidate] = []
    for weight, key in enumerate(FRONT_KEYS):
        written = fm_text(data, key)
        if written and not (key == "name" and candidates):
            candidates.append(_offer(written, f"front matter {key}", 100 - weight, None))
    for item in fields:
        if item.field in ("title", "episode") and item.value:
            weight = 90 if item.field == "title" else 89
            found = _offer(item.value, "labelled line", weight, item.line)
            found.data = (item.value, item.block)
            candidates.append(found)
    from_headings, heading_consumed = heading_candidates(blocks)
    candidates.extend(from_headings)
    from_links, link_consumed = link_line_candidates(blocks, is_media)
    candidates.extend(from_links)
    from_first_line, first_line_consumed = first_line_candidates(blocks)
    candidates.extend(from_first_line)
    heading = next((c for c in from_headings if not c.rejected), None)
    if heading is not None:
        choice.heading = heading.value
        if heading.source.startswith("dated"):
            choice.date = heading.data
    winner, choice.evidence = pick("title", candidates, _same_title)
    if winner is None:
        return choice
    choice.title, choice.source = winner.value, winner.source
    choice.written = winner.data if isinstance(winner.data, str) else winner.value
    if winner.source == "labelled line":
        choice.written, block = winner.data
        choice.consumed = {block}
    elif heading is not None and winner is heading:
        choice.consumed = heading_consumed
    elif winner.source == "link line":
        choice.consumed = link_consumed
    elif winner in from_first_line:
        choice.consumed = first_line_consumed
    conflict = choice.heading and not _same_title(winner.value, choice.heading)
    if winner.source.startswith("front matter") and conflict:
        choice.warnings.append(
            f"The front-matter title '{winner.value}' differs from the heading "
            f"'{choice.heading}'; used the front-matter title."
        )
    return choice


def _same_title(first: str, second: str) -> bool:
    a, b = normalise_title(first), normalise_title(second)
    return bool(a and b) and (a == b or a in b or b in a)


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
