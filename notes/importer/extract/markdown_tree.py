"""Read a markdown body into a flat list of blocks with exact file line numbers.

markdown-it-py (CommonMark + tables) is the structure reader: it nests 3-space-indented sub-bullets
as CommonMark says, and its line maps let every claim keep the line it came from. Before parsing,
a few shapes that CommonMark would misread are rewritten *in place* (the line count never changes):
pandoc grid tables become "box" blocks, ``#[2023/05] Title`` gets its missing space, a dash line
under a multi-line block becomes a thematic break instead of a setext heading, and Logseq
``key:: value`` property lines are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from markdown_it import MarkdownIt

from .text import collapse, find_urls
from .timestamps import clock_seconds, seconds_from_url

_PARSER = MarkdownIt("commonmark").enable("table")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*[|+]")
_HASH_HEADING_NO_SPACE = re.compile(r"^(#{1,6})(?=\[)")
_DASH_LINE = re.compile(r"^ {0,3}-{3,}\s*$")
_LIST_START = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_LOGSEQ_PROPERTY = re.compile(r"^\s*[A-Za-z][\w.-]*:: \S")
_DATA_T = re.compile(r"""data-(?:t|time|start)\s*=\s*["']?([\d:.]+)""", re.IGNORECASE)
_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)


@dataclass
class Line:
    """One line of a block as plain text (``marked`` keeps ``**`` around bold spans)."""

    number: int
    text: str = ""
    marked: str = ""
    urls: list[str] = field(default_factory=list)
    link_chars: int = 0
    images: int = 0
    code_chars: int = 0
    emphasis_chars: int = 0  # characters inside *italics* (a note-taker's aside is often italic)
    unlinked: str = ""  # the text outside links
    noise: str | None = None  # memo of noise.line_noise: the reason, "" when the line is content


@dataclass
class Block:
    """A heading, paragraph, list item's first paragraph, table row, code, html, hr or box."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    level: int = 0  # heading level
    depth: int = 0  # list nesting depth (0 = not in a list)
    ordered: bool = False
    list_id: int = 0  # the list an item belongs to
    parent: int | None = None  # index of the enclosing item block
    quote: int = 0  # id of the enclosing blockquote (0 = none)
    cells: list[str] = field(default_factory=list)
    header: bool = False
    table_id: int = 0
    raw: str = ""  # code, html and box content
    line: int = 0  # first line in the file

    @cached_property
    def text(self) -> str:
        """The block's plain text, lines joined by spaces."""
        return collapse(" ".join(line.text for line in self.lines))

    @cached_property
    def marked(self) -> str:
        """The block's text with bold markers, lines joined by spaces."""
        return collapse(" ".join(line.marked for line in self.lines))


def _grid_tables(lines: list[str], offset: int) -> list[Block]:
    """Blank out pandoc grid tables in ``lines``; return them as "box" blocks of their cell lines."""
    boxes = []
    index = 0
    while index < len(lines):
        if not _GRID_BORDER.match(lines[index]):
            index += 1
            continue
        end = index + 1
        while (
            end < len(lines) and _GRID_ROW.match(lines[end]) and not _GRID_BORDER.match(lines[end])
        ):
            end += 1
        while end < len(lines) and _GRID_BORDER.match(lines[end]):
            end += 1
            while (
                end < len(lines)
                and _GRID_ROW.match(lines[end])
                and not _GRID_BORDER.match(lines[end])
            ):
                end += 1
        if end - index < 2:
            index += 1
            continue
        box = Block(kind="box", line=index + 1 + offset)
        for number in range(index, end):
            cell = lines[number].strip().strip("|+").strip()
            cell = re.sub(r"\s*\|\s*", " | ", cell).replace("\\-", "-").replace('\\"', '"')
            if cell and not _GRID_BORDER.match(lines[number]):
                box.lines.append(Line(number + 1 + offset, cell, cell, find_urls(cell)))
            lines[number] = ""
        box.raw = "\n".join(line.text for line in box.lines)
        boxes.append(box)
        index = end
    return boxes


def _keeps_setext(lines: list[str], index: int) -> bool:
    """A dash line is a setext underline only under one short heading-like line."""
    previous = lines[index - 1] if index > 0 else ""
    if not previous.strip() or _LIST_START.match(previous):
        return False
    if index >= 2 and lines[index - 2].strip():
        return False
    text = previous.strip()
    return len(text) <= 60 and not text.endswith((":", "：")) and ": " not in text


def prepare(body: str, offset: int) -> tuple[str, list[Block]]:
    """Rewrite shapes CommonMark misreads, keeping every line where it is; return boxes too."""
    lines = body.split("\n")
    boxes = _grid_tables(lines, offset)
    in_fence = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        if _HASH_HEADING_NO_SPACE.match(line):
            lines[index] = _HASH_HEADING_NO_SPACE.sub(r"\1 ", line)
        elif _LOGSEQ_PROPERTY.match(line) and not _LIST_START.match(line):
            lines[index] = ""
        elif _DASH_LINE.match(line) and index > 0 and lines[index - 1].strip():
            lines[index] = lines[index] if _keeps_setext(lines, index) else "***"
    return "\n".join(lines), boxes


class _InlineReader:
    """Turns one inline token into Lines: text, bold markers, link targets, images, breaks."""

    def __init__(self, first_number: int):
        self.lines = [Line(first_number)]
        self.parts: list[tuple[list[str], list[str], list[str]]] = [([], [], [])]
        self.link_href: str | None = None
        self.link_text: list[str] = []
        self.emphasis = 0

    def _add(self, text: str, marked: str | None = None, *, linked: bool = False) -> None:
        if self.emphasis:
            self.lines[-1].emphasis_chars += len(text.strip())
        plain, bold, unlinked = self.parts[-1]
        plain.append(text)
        bold.append(text if marked is None else marked)
        if not linked:
            unlinked.append(text)

    def _break(self) -> None:
        self.lines.append(Line(self.lines[-1].number + 1))
        self.parts.append(([], [], []))

    def read(self, token) -> list[Line]:
        for child in token.children or []:
            kind = child.type
            if self.link_href is not None and kind in ("text", "code_inline"):
                self.link_text.append(child.content)
                continue
            if kind == "text":
                self._add(child.content)
            elif kind == "code_inline":
                self._add(child.content)
                self.lines[-1].code_chars += len(child.content)
            elif kind in ("softbreak", "hardbreak"):
                self._break()
            elif kind == "em_open":
                self.emphasis += 1
            elif kind == "em_close":
                self.emphasis = max(self.emphasis - 1, 0)
            elif kind == "strong_open" or kind == "strong_close":
                self._add("", "**")
            elif kind == "link_open":
                self.link_href = child.attrs.get("href", "") or ""
                self.link_text = []
            elif kind == "link_close":
                self._close_link()
            elif kind == "image":
                self.lines[-1].images += 1
            elif kind == "html_inline":
                self._html(child.content)
        if self.link_href is not None:
            self._close_link()
        for line, (plain, bold, unlinked) in zip(self.lines, self.parts, strict=True):
            line.text = collapse("".join(plain))
            line.marked = collapse("".join(bold))
            line.unlinked = collapse("".join(unlinked))
            line.urls = [*line.urls, *find_urls(line.text)]
        return self.lines

    def _close_link(self) -> None:
        text = "".join(self.link_text)
        href = self.link_href or ""
        self.link_href = None
        if href.startswith(("http://", "https://")):
            self.lines[-1].urls.append(href)
        # A link whose text is a clock time ("[9:25](…&t=565s)") is a timestamp.
        if clock_seconds(text.strip()) is not None or (
            seconds_from_url(href) is not None
            and re.fullmatch(r"\s*\d{1,3}:\d{2}(:\d{2})?\s*", text)
        ):
            self._add(f"[{text.strip()}]")
            return
        self._add(text, linked=True)
        self.lines[-1].link_chars += len(text)

    def _html(self, content: str) -> None:
        match = _DATA_T.search(content)
        if match and clock_seconds(match.group(1).split(".")[0]) is not None:
            self._add(f" [{match.group(1).split('.')[0]}] ")
        elif _BR.match(content.strip()):
            self._break()


def _read_inline(token, offset: int) -> list[Line]:
    first = (token.map[0] if token.map else 0) + 1 + offset
    return _InlineReader(first).read(token)


def parse_blocks(body: str, offset: int = 0) -> list[Block]:
    """The blocks of a markdown body; ``offset`` is the number of file lines before the body."""
    prepared, boxes = prepare(body, offset)
    tokens = _PARSER.parse(prepared)
    blocks: list[Block] = []
    lists: list[tuple[int, bool]] = []  # (list id, ordered)
    items: list[int | None] = []  # first-paragraph block of each open item
    quotes: list[int] = []
    counters = {"list": 0, "quote": 0, "table": 0}
    row: Block | None = None
    in_head = False
    for index, token in enumerate(tokens):
        kind = token.type
        start_line = (token.map[0] + 1 + offset) if token.map else 0
        if kind in ("bullet_list_open", "ordered_list_open"):
            counters["list"] += 1
            lists.append((counters["list"], kind == "ordered_list_open"))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            items.append(None)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "blockquote_open":
            if not quotes:
                counters["quote"] += 1
            quotes.append(counters["quote"])
        elif kind == "blockquote_close":
            quotes.pop()
        elif kind == "heading_open":
            lines = _read_inline(tokens[index + 1], offset)
            blocks.append(
                Block("heading", lines, level=int(token.tag[1]), quote=quotes[0] if quotes else 0)
            )
        elif kind == "paragraph_open":
            blocks.append(_paragraph(tokens[index + 1], offset, lists, items, quotes, len(blocks)))
        elif kind == "table_open":
            counters["table"] += 1
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = Block("row", header=in_head, table_id=counters["table"], line=start_line)
            row.quote = quotes[0] if quotes else 0
        elif (
            kind == "inline"
            and row is not None
            and tokens[index - 1].type in ("th_open", "td_open")
        ):
            cell_lines = _read_inline(token, offset)
            row.cells.append(collapse(" ".join(line.text for line in cell_lines)))
            row.lines.extend(cell_lines)
        elif kind == "tr_close" and row is not None:
            blocks.append(row)
            row = None
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", raw=token.content, line=start_line))
        elif kind == "html_block":
            blocks.append(Block("html", raw=token.content, line=start_line))
        elif kind == "hr":
            blocks.append(Block("hr", line=start_line))
    for block in blocks:
        if not block.line:
            block.line = block.lines[0].number if block.lines else 0
    return _merge_boxes(blocks, boxes)


def _paragraph(inline, offset, lists, items, quotes, position) -> Block:
    lines = _read_inline(inline, offset)
    block = Block("paragraph", lines, depth=len(lists), quote=quotes[0] if quotes else 0)
    if lists:
        block.list_id, block.ordered = lists[-1]
    if items and items[-1] is None:
        block.kind = "item"
        items[-1] = position
        block.parent = next((item for item in reversed(items[:-1]) if item is not None), None)
    elif items:
        block.parent = items[-1]
    return block


def _merge_boxes(blocks: list[Block], boxes: list[Block]) -> list[Block]:
    """Insert grid-table boxes among the blocks in line order, fixing parent indexes."""
    if not boxes:
        return blocks
    merged: list[Block] = []
    moved: dict[int, int] = {}
    pending = sorted(boxes, key=lambda box: box.line)
    for old_index, block in enumerate(blocks):
        while pending and pending[0].line <= block.line:
            merged.append(pending.pop(0))
        moved[old_index] = len(merged)
        merged.append(block)
    merged.extend(pending)
    for block in merged:
        if block.parent is not None:
            block.parent = moved[block.parent]
    return merged
