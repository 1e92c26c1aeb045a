"""Talk metadata from front matter and from labelled lines in the body.

Front-matter keys are matched case-insensitively with "-" and " " read as "_", and camelCase as
snake_case (``videoUrl`` is ``video_url``). Dates are candidates (evidence.pick), higher wins:

- 100 front matter talk-date keys (lecture/recording/event/air date);
- 90 front matter publication keys; 88 a body line naming the talk's own date ("- Episode date:
  June 13, 2014", "Recorded: …", "录制时间：…"); 85 prose that states it ("recorded on 13 June
  2014", "于2023年5月12日演讲");
- 80 front matter ``date``/``upload_date`` (often the post's, a feed's or a clipper's date);
  70 a generic body date line ("Date: …", "发布日期：…"); 60 front matter ``created``;
  50 a pandoc ``#[2023/05]`` heading.

Processing, summarising, sync, clipping and modification dates (``lastmod``, ``synced``,
"Generated: …") are recorded as evidence but never win. Durations: front matter 100, body line 80.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..types import Evidence
from .dates import parse_date
from .evidence import Candidate, pick
from .labels import split_label
from .markdown_tree import Block
from .text import collapse, find_urls
from .timestamps import parse_duration

DATE_KEYS = (
    (
        "lecture_date",
        "recorded",
        "recorded_at",
        "recording_date",
        "event_date",
        "air_date",
        "aired",
    ),
    ("published", "published_at", "publish_date", "pubdate", "release_date", "released"),
    ("upload_date", "发布日期", "发布时间", "date"),
    ("created", "created_at", "creation_date"),
)
DATE_KEY_WEIGHTS = (100, 90, 80, 60)
NOT_TALK_DATE_KEYS = (
    "lastmod",
    "last_modified",
    "modified",
    "updated",
    "updated_at",
    "synced",
    "sync_date",
    "generated",
    "generated_at",
    "summarized",
    "processed",
    "fetched",
    "clipped",
    "saved",
    "imported",
)
_TALK_DATE_LABEL = re.compile(
    r"episode|record|air|talk|lecture|event|session|keynote|演讲|录制|播出|讲座|活动|会议",
    re.IGNORECASE,
)
_NOT_TALK_DATE_LABEL = re.compile(
    r"generat|summar|process|sync|clip|sav|fetch|import|updat|modif|生成|同步|剪藏|保存|更新|整理",
    re.IGNORECASE,
)
_WRITTEN_DATE = (
    r"(?:[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|[A-Za-z]{3,9}\s+\d{4})"
)
_PROSE_DATE = re.compile(
    r"\b(?:recorded|given|delivered|presented|held|aired|took place|filmed|streamed)\s+"
    rf"(?:live\s+)?(?:on|in)\s+(?P<en>{_WRITTEN_DATE})"
    r"|于\s*(?P<zh>\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)\s*(?:在[^，。]{0,20})?"
    r"(?:录制|演讲|发表演讲|举办|举行|播出)",
    re.IGNORECASE,
)
PROSE_DATE_BLOCKS = 6  # a talk date in prose counts in the note's first paragraphs only
DURATION_KEYS = ("duration", "length", "runtime", "duration_seconds", "时长")
TAG_KEYS = ("tags", "tag", "category", "categories", "keywords")
DESCRIPTION_KEYS = ("description", "summary", "excerpt", "abstract", "tldr", "subtitle")
_BY_LINE = re.compile(
    r"^(?:by|presented by|speaker|演讲者|主讲)\s*[:：]?\s+(?P<name>.+)$", re.IGNORECASE
)
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")


def fm_key(key: str) -> str:
    """A front-matter key folded for lookup: "Full-Title" -> "full_title"."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().casefold())


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")


def key_spellings(key: str) -> list[str]:
    """The folded spellings a front-matter key is found by: "videoUrl" -> videourl, video_url."""
    written = str(key).strip()
    spellings = [fm_key(written)]
    if not written.islower():  # only camelCase keys need a second spelling
        snake = fm_key(_CAMEL.sub("_", written))
        if snake != spellings[0]:
            spellings.append(snake)
    return spellings


def _folded(data: dict) -> dict:
    """Keys folded by fm_key, camelCase ones also as snake_case ("videoUrl" -> "video_url")."""
    folded = {}
    for key, value in data.items():
        for spelling in key_spellings(key):
            folded.setdefault(spelling, value)
    return folded


def fm_lookup(data: dict, *keys: str) -> object:
    """The first non-empty value among ``keys`` (already folded), or None."""
    folded = _folded(data)
    for key in keys:
        value = folded.get(key)
        if value not in (None, "", [], [""], {}):
            return value
    return None


def fm_text(data: dict, *keys: str) -> str:
    """A front-matter value as one line of text ("" when absent or not a scalar)."""
    value = fm_lookup(data, *keys)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        value = value[0]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return collapse(str(value))
    return ""


def _truth(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().casefold()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None


def is_public(data: dict) -> bool:
    """False for drafts and notes marked unpublished or private, else True."""
    folded = {fm_key(key): value for key, value in data.items()}
    if _truth(folded.get("draft")) is True or _truth(folded.get("private")) is True:
        return False
    for key in ("dg_publish", "publish", "published", "public"):
        if _truth(folded.get(key)) is False:
            return False
    status = str(folded.get("status") or folded.get("visibility") or "").casefold()
    return status not in ("draft", "private", "unpublished", "hidden")


def fm_tags(data: dict) -> list[str]:
    """Tag names from tags/category/categories/keywords: lists or comma/hash strings."""
    folded = {fm_key(key): value for key, value in data.items()}
    tags: list[str] = []
    seen: set[str] = set()
    for key in TAG_KEYS:
        value = folded.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        for item in items:
            if not isinstance(item, str):
                continue
            parts = re.split(r"[,，;；]|\s+(?=#)", item)
            for part in parts:
                tag = collapse(re.sub(r"\[\[|\]\]", "", part)).strip("#'\" ")
                if tag and tag.casefold() not in seen and len(tag) <= 100:
                    seen.add(tag.casefold())
                    tags.append(tag)
    return tags


def fm_description(data: dict) -> str:
    """A short description from front matter (long markdown summaries are claims, not this)."""
    value = fm_text(data, *DESCRIPTION_KEYS)
    if value and len(value) <= 1000 and "\n#" not in value:
        return value
    return ""


@dataclass
class Field:
    """A labelled line in the body: "- 链接：https://…", "**Source**: …", "Host(s): …", "By X"."""

    field: str
    value: str
    urls: list[str]
    line: int
    block: int
    parts: list[tuple[str, str]] = field(default_factory=list)  # nested "访谈者：X" inside a value
    label: str = ""  # the label as written ("Episode date")


def body_fields(blocks: list[Block]) -> list[Field]:
    """Every metadata-labelled line of the body, in order (noise sections included)."""
    found: list[Field] = []
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "item", "box"):
            continue
        for line in block.lines:
            label = split_label(line.marked)
            if label is not None and label.field and label.value:
                item = Field(
                    label.field,
                    label.value,
                    line.urls or find_urls(label.value),
                    line.number,
                    index,
                    label=label.label,
                )
                item.parts = _nested_parts(label.field, label.value)
                found.append(item)
                continue
            match = _BY_LINE.match(line.text)
            if match and len(line.text) <= 80:
                found.append(Field("speaker", match.group("name"), [], line.number, index))
    return found


def _nested_parts(outer: str, value: str) -> list[tuple[str, str]]:
    """ "Dario Amodei（CEO）/ 访谈者：Dwarkesh Patel" -> [("author", "Dario…"), ("host", "Dwarkesh…")]."""
    parts = []
    for piece in re.split(r"\s+/\s+|\s*/\s*(?=\S+[:：])", value):
        nested = split_label(piece.strip())
        if nested is not None and nested.field and nested.value:
            parts.append((nested.field, nested.value))
        elif piece.strip():
            parts.append((outer, piece.strip()))
    return parts


def first_field(fields: list[Field], name: str) -> Field | None:
    """The first body field of this kind."""
    return next((item for item in fields if item.field == name), None)


def choose_date(
    data: dict, fields: list[Field], blocks: list[Block], heading_date=None
) -> tuple[tuple[dt.date, str] | None, list[Evidence]]:
    """The talk's date and precision (see the module docstring for the weights) and evidence."""
    candidates: list[Candidate] = []

    def offer(value, source: str, weight: int, line: int | None = None, rejected: str = ""):
        if isinstance(value, tuple):  # already parsed: (date, precision)
            parsed = value
        else:
            parsed = (
                parse_date(value) if value is not None and not isinstance(value, bool) else None
            )
        if parsed:
            shown = parsed[0].isoformat()[: {"day": 10, "month": 7, "year": 4}[parsed[1]]]
            candidates.append(Candidate(shown, source, weight, line, rejected, data=parsed))

    folded = _folded(data)
    for weight, group in zip(DATE_KEY_WEIGHTS, DATE_KEYS, strict=True):
        for key in group:
            offer(folded.get(key), f"front matter {key}", weight)
    for key in NOT_TALK_DATE_KEYS:
        offer(folded.get(key), f"front matter {key}", 0, rejected="not the talk's date")
    for item in fields:
        label = item.label or item.field
        if item.field == "date":
            talk_date = bool(_TALK_DATE_LABEL.search(label))
            weight = 88 if talk_date else 70
            source = f"body line {label}"
            rejected = (
                "" if talk_date or not _NOT_TALK_DATE_LABEL.search(label) else "not the talk's date"
            )
            offer(item.value, source, weight, item.line, rejected)
        elif item.field == "ignore" and _NOT_TALK_DATE_LABEL.search(label):
            offer(item.value, f"body line {label}", 0, item.line, "not the talk's date")
    prose = [block for block in blocks if block.kind == "paragraph"][:PROSE_DATE_BLOCKS]
    for block in prose:
        match = _PROSE_DATE.search(block.text)
        if match:
            offer(
                match.group("en") or match.group("zh"),
                "talk date stated in the text",
                85,
                block.line,
            )
    if heading_date:
        offer(heading_date, "dated heading", 50)
    winner, evidence = pick("date", candidates)
    return (winner.data if winner else None), evidence


def choose_duration(data: dict, fields: list[Field]) -> tuple[int | None, list[Evidence]]:
    """Seconds of the talk: front matter (100) over a "Duration: 71 min" body line (80)."""
    candidates: list[Candidate] = []
    folded = _folded(data)
    for key in DURATION_KEYS:
        value = folded.get(key)
        if value in (None, "") or isinstance(value, bool):
            continue
        if key == "duration_seconds" and isinstance(value, int):
            seconds = value if value > 0 else None
        else:
            seconds = parse_duration(value)
        candidates.append(
            Candidate(
                str(value),
                f"front matter {key}",
                100,
                rejected="" if seconds else "unreadable",
                data=seconds,
            )
        )
    for item in fields:
        if item.field == "duration":
            seconds = parse_duration(item.value)
            rejected = "" if seconds else "unreadable"
            candidates.append(
                Candidate(item.value, "body line", 80, item.line, rejected, data=seconds)
            )
    winner, evidence = pick("duration", candidates)
    return (winner.data if winner else None), evidence
