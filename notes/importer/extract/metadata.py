"""Talk metadata from front matter and from labelled lines in the body.

Front-matter keys are matched case-insensitively with "-" and " " read as "_". Dates: the talk's
own date keys come first (lecture/recording/air date, then publication, then ``date``, then a
Notion ``created``); processing, summarising, sync and modification dates are never read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import parse_date
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


def fm_lookup(data: dict, *keys: str) -> object:
    """The first non-empty value among ``keys`` (already folded), or None."""
    folded = {fm_key(key): value for key, value in data.items()}
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


def fm_date(data: dict) -> tuple[dt.date, str] | None:
    """The talk's date from front matter (see DATE_KEYS for the order)."""
    for group in DATE_KEYS:
        for key in group:
            value = fm_lookup(data, key)
            if isinstance(value, bool):
                continue
            parsed = parse_date(value) if value is not None else None
            if parsed:
                return parsed
    return None


def fm_duration(data: dict) -> int | None:
    """Seconds from a front-matter duration (see timestamps.parse_duration)."""
    value = fm_lookup(data, *DURATION_KEYS)
    if value is None:
        return None
    if fm_key("duration_seconds") in {fm_key(key) for key in data} and isinstance(value, int):
        return value if value > 0 else None
    return parse_duration(value)


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


def body_date(fields: list[Field]) -> tuple[dt.date, str] | None:
    """The first parseable date among "发布日期：…"/"Published: …" lines."""
    for item in fields:
        if item.field == "date":
            parsed = parse_date(item.value)
            if parsed:
                return parsed
    return None


def body_duration(fields: list[Field]) -> int | None:
    """Seconds from a "覆盖时长：01:36:01"/"Duration: 71 min" line."""
    for item in fields:
        if item.field == "duration":
            seconds = parse_duration(item.value)
            if seconds:
                return seconds
    return None
