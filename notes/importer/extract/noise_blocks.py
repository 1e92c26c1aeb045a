"""Whole blocks that are not talk content, found by their shape, with the reason for each.

Line-level noise (promotion, counts, image paths...) is noise.line_noise; headings and labels are
vocabulary.phrase_class. This module looks at a block among its neighbours:

- code and HTML: metadata restated as JSON/YAML, template code (<script>, MathJax), tweet embeds;
- tables whose cells are images, and specification tables of short numeric cells;
- outlines: a list at the top whose items are the section headings (or their numbers) again;
- the note-taker's asides: italic questions, "my question:", P.S. blocks, a paragraph wholly in
  parentheses, a lone one-sentence question paragraph;
- biography bullets ("X（@x）是一位知名的企业家", "Jane is a professor of…");
- link lists (mostly links or domain names) and cross-references ("See /docs/x.md for …");
- the tail after an end marker or credits line ("作者 / … 编辑 / …", "[END OF INTERVIEW]").
"""

from __future__ import annotations

import json
import re

from .labels import split_label
from .markdown_tree import Block
from .noise import line_noise
from .text import cjk_count, collapse, is_substantial, letter_words
from .vocabulary import METADATA_LABELS, NOT_NAME_HAN, NOT_NAME_WORDS, fold_phrase

_METADATA_KEYS = frozenset(
    label.replace(" ", "_") for labels in METADATA_LABELS.values() for label in labels
) | {"genre", "keywords", "tags", "guest", "host", "speakers", "published", "duration", "id"}
_YAML_KEY = re.compile(r"^\s*[\"']?([A-Za-z_][\w-]*)[\"']?\s*:", re.MULTILINE)
_TEMPLATE_HTML = re.compile(r"<script\b|<style\b|mathjax|\{%|\{\{", re.IGNORECASE)
_EMBED_HTML = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|<iframe\b|<embed\b", re.I)
_IMAGE_HTML = re.compile(r"^\s*(?:<(?:p|div|figure|center)[^>]*>\s*)*<img\b", re.IGNORECASE)
_HEADING_NUMBER = re.compile(r"^\s*(?:part\s+|第)?(\d{1,2})(?:[.．]\d{1,2})*(?:[.．、)）:]|\s)")
_QUESTION_END = re.compile(r"[?？]\s*[)）\]」”\"']?\s*$")
_SENTENCE_STOP = re.compile(r"[。！？!?]|[.](?=\s|$)")
_POSTSCRIPT = re.compile(r"^\s*(?:P\.\s?S\.|P\.\s?P\.\s?S\.|PS\s*[:：]|附言\s*[:：]|又及)", re.I)
_ASIDE = re.compile(
    r"^\s*(?:(?:my|our) (?:own )?(?:question|thought|take|note|comment|aside)s?\s*[:：—-]|"
    r"note to self\b|editor'?s note\b|author'?s note\b|"
    r"(?:我的|个人)(?:问题|疑问|想法|思考|感想|理解|看法|吐槽)\s*[:：]|笔者(?:注|按)|编者(?:注|按)|译者注|"
    r"[❓❔]|疑问\s*[:：]|(?:내|나의) (?:질문|생각)\s*[:：]|궁금한 점|(?:todo|to-do|fixme|待办|待查|待补充)\s*[:：])",
    re.IGNORECASE,
)
_BIOGRAPHY = re.compile(
    r"^(?P<subject>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|[\u4e00-\u9fff·・]{2,12})\s*"
    r"(?:[（(][^）)]{0,40}[）)])?\s*[，,]?\s*"
    r"(?:是|系|现任|曾任|\bis\b|\bwas\b|\bserves as\b)\s*(?:an?\b|the\b|一位|一名|一个|著名的?|知名的?)?"
    r".{0,60}?(?:企业家|投资人|投资者|创始人|合伙人|教授|科学家|研究员|工程师|作家|记者|主持人|"
    r"entrepreneur|investor|founder|partner|professor|scientist|researcher|engineer|author|writer|"
    r"journalist|\bhost\b|\bCEO\b|\bCTO\b)",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"认为|表示|指出|提出|强调|主张|\b(?:argue[sd]?|said|says|believes?|thinks?|warn(?:s|ed)?)\b",
    re.I,
)
_DOMAIN = re.compile(
    r"^\s*(?:https?://)?(?:www\.)?(?:[\w-]+\.)+(?:com|org|net|io|ai|dev|app|co|me|cn|xyz|so|gg|tv|fm|"
    r"edu|gov|info|tech|site|blog|page|link)\b\S*(?:\s*[-–—:：|]\s*.{0,40})?$",
    re.IGNORECASE,
)
_CROSS_REFERENCE = re.compile(
    r"^\s*(?:see(?: also)?|参见|详见|更多(?:内容)?(?:请)?(?:见|参见|参考|阅读))\b\s*\S*"
    r"(?:/|\.md\b|\.html?\b|https?:|#)",
    re.IGNORECASE,
)
_TAIL_START = frozenset({"credits", "end marker"})
_END_MARKER = re.compile(
    r"^\s*[\[(（【]?\s*(?:end(?: of (?:interview|transcript|episode|show|article|post))?|完|全文完|the end)"
    r"\s*[\])）】]?\s*$|^\s*[-—–=~*]+\s*(?:end|完|the end)\s*[-—–=~*]+\s*$|^\s*恭喜你?阅读到最后",
    re.IGNORECASE,
)
TAIL_FROM = 0.6  # an end marker or credits line in the last 40% of the note starts its tail
LINK_LIST_SHARE = 0.6
OUTLINE_MIN_ITEMS = 3
OUTLINE_ITEM_WORDS = 14
OUTLINE_ITEM_CJK = 30
ITALIC_SHARE = 0.8
PRODUCT_WORDS = 3
CAPTION_WORDS = 12
CAPTION_CJK = 25
QUESTION_WORDS = 40
QUESTION_CJK = 80


def classify_blocks(blocks: list[Block]) -> dict[int, str]:
    """Block index -> reason, for every block that is noise as a whole."""
    reasons: dict[int, str] = {}
    lists = _lists(blocks)
    for index, block in enumerate(blocks):
        reason = _code_reason(block) if block.kind in ("code", "html") else _text_reason(block)
        if reason:
            reasons[index] = reason
    _captions(blocks, reasons)
    _tables(blocks, reasons)
    _outlines(blocks, lists, reasons)
    _link_lists(blocks, lists, reasons)
    _tail(blocks, reasons)
    return reasons


def _lists(blocks: list[Block]) -> dict[tuple[int, int | None], list[int]]:
    lists: dict[tuple[int, int | None], list[int]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "item":
            lists.setdefault((block.list_id, block.parent), []).append(index)
    return lists


def _code_reason(block: Block) -> str:
    raw = block.raw or ""
    if block.kind == "html":
        if _EMBED_HTML.search(raw):
            return "embed"
        if _TEMPLATE_HTML.search(raw):
            return "template code"
        if _IMAGE_HTML.match(raw):
            return "image"
        return "html"
    if _TEMPLATE_HTML.search(raw) and ("{%" in raw or "{{" in raw):
        return "template code"
    return "metadata" if _restates_metadata(raw) else "code"


def _restates_metadata(raw: str) -> bool:
    """A JSON or YAML block whose keys are mostly metadata fields (title, host, date, genre...)."""
    keys: list[str] = []
    stripped = raw.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            keys = [str(key) for key in data]
    if not keys:
        keys = _YAML_KEY.findall(raw)[:50]
    if len(keys) < 2:
        return False
    known = sum(1 for key in keys if key.casefold().replace("-", "_") in _METADATA_KEYS)
    return known / len(keys) >= 0.5


def _text_reason(block: Block) -> str:
    if block.kind not in ("paragraph", "item"):
        return ""
    lines = [line for line in block.lines if line.text]
    if not lines:
        return ""
    first = lines[0].text
    text = block.text
    if _POSTSCRIPT.match(first):
        return "outro"
    if _ASIDE.match(first):
        asks = "?" in text or "？" in text or text.startswith(("❓", "❔"))
        return "note-taker question" if asks else "note-taker aside"
    if _italic(lines) and ("?" in text or "？" in text):
        return "note-taker question"
    if _END_MARKER.search(first) and len(lines) == 1:
        return "end marker"
    if len(lines) == 1 and line_noise(lines[0]) == "credits":
        return "credits"
    if _parenthetical(text):
        return "note-taker aside"
    if block.kind == "paragraph" and not block.quote and _lone_question(block, lines, text):
        return "note-taker question"
    if block.kind == "item" and len(text) <= 300 and _biography(text):
        return "biography"
    if _CROSS_REFERENCE.match(text) and letter_words(text) <= 20:
        return "link list"
    return ""


def _biography(text: str) -> bool:
    """ "马克·安德森（@pmarca）是一位知名的企业家…", "Jane Roe is a professor of…"."""
    match = _BIOGRAPHY.match(text)
    if match is None:
        return False
    subject = match.group("subject")
    words = subject.casefold().split()
    if any(word in NOT_NAME_WORDS for word in words):
        return False
    if cjk_count(subject) and not _chinese_name(subject):
        return False
    return not _REPORTED.search(text)  # "X 是教授，她认为…" reports what the person said


def _chinese_name(subject: str) -> bool:
    """ "李飞飞", "马克·安德森": short, or dotted, and free of characters names do not use."""
    if any(char in NOT_NAME_HAN for char in subject):
        return False
    return len(subject) <= 4 or "·" in subject or "・" in subject


def _italic(lines) -> bool:
    return all(
        line.emphasis_chars >= ITALIC_SHARE * len(line.text.replace(" ", "")) for line in lines
    )


def _bold(marked: str) -> bool:
    marked = marked.strip()
    return (
        marked.startswith("**")
        and marked.count("**") == 2
        and marked.rstrip("。.!！?？ ").endswith("**")
    )


def _parenthetical(text: str) -> bool:
    """The whole block is one parenthesis: "（盲猜应该是…）", "(Laughter)"."""
    if len(text) < 3 or text[0] not in "（(" or text[-1] not in "）)":
        return False
    depth = 0
    for position, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
            if depth == 0 and position < len(text) - 1:
                return False
    return depth == 0


def _lone_question(block: Block, lines, text: str) -> bool:
    """A paragraph of one bold or italic question and nothing else: a sub-heading or an aside.

    A plain question paragraph stays: in a transcript it is the interviewer's turn.
    """
    if len(lines) > 2 or not _QUESTION_END.search(text):
        return False
    if not (_italic(lines) or _bold(block.marked)):
        return False
    if letter_words(text) > QUESTION_WORDS or cjk_count(text) > QUESTION_CJK:
        return False
    found = split_label(block.marked)
    if found is not None and found.colon and found.value:
        return False  # "Q: …" or a speaker's turn: dialogue decides
    return _SENTENCE_STOP.search(_QUESTION_END.sub("", text)) is None


def _captions(blocks: list[Block], reasons: dict[int, str]) -> None:
    """A short line without a full stop right under an image is the image's caption."""
    for index in range(1, len(blocks)):
        block, above = blocks[index], blocks[index - 1]
        if block.kind != "paragraph" or above.kind != "paragraph" or index in reasons:
            continue
        if not above.lines or not all(line_noise(line) == "image" for line in above.lines):
            continue
        lines = [line for line in block.lines if line.text]
        text = block.text
        if (
            len(lines) == 1
            and letter_words(text) <= CAPTION_WORDS
            and cjk_count(text) <= CAPTION_CJK
        ) and not re.search(r"[。.!！?？:：]\s*$", text):
            reasons[index] = "caption"


def _tables(blocks: list[Block], reasons: dict[int, str]) -> None:
    rows: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "row":
            rows.setdefault(block.table_id, []).append(index)
    for indexes in rows.values():
        body = [index for index in indexes if not blocks[index].header]
        if not body:
            continue
        if _image_table(blocks, body) or _specification_table(blocks, body):
            for index in indexes:
                reasons[index] = "table"


def _image_table(blocks: list[Block], body: list[int]) -> bool:
    images = sum(line.images for index in body for line in blocks[index].lines)
    texts = [collapse(" ".join(blocks[index].cells)) for index in body]
    return images > 0 and not any(is_substantial(text, min_words=3, min_cjk=6) for text in texts)


def _short_cell(cell: str) -> bool:
    return letter_words(cell) <= 4 and cjk_count(cell) <= 10


def _specification_table(blocks: list[Block], body: list[int]) -> bool:
    """Rows of short cells with figures ("| Weight | 1.2 kg |"): data, not statements."""
    if len(body) < 3:
        return False
    spec = 0
    for index in body:
        cells = [cell for cell in blocks[index].cells if cell.strip()]
        if (
            cells
            and all(_short_cell(cell) for cell in cells)
            and any(any(ch.isdigit() for ch in cell) for cell in cells)
        ):
            spec += 1
    return spec >= 2 * len(body) / 3


def _item_text(block: Block) -> str:
    return fold_phrase(re.sub(r"^\s*\d+(?:\.\d+)*[.、)）]?\s*", "", block.text))


def _outlines(blocks, lists, reasons: dict[int, str]) -> None:
    """A list whose items are the headings that follow it (or their numbers): a table of contents."""
    for (_, parent), indexes in lists.items():
        if parent is not None or len(indexes) < OUTLINE_MIN_ITEMS:
            continue
        items = [blocks[index] for index in indexes]
        if not all(_outline_item(item) for item in items):
            continue
        headings = [
            block for block in blocks[indexes[-1] + 1 :] if block.kind == "heading" and block.text
        ]
        if len(headings) < 2:
            continue
        before = [block for block in blocks[: indexes[0]] if block.kind == "heading"]
        numbered_before = any(_HEADING_NUMBER.match(block.text) for block in before)
        if _items_are_headings(items, headings) or (
            not numbered_before and _items_number_headings(items, headings)
        ):
            children = {i for i, block in enumerate(blocks) if block.parent in set(indexes)}
            for index in [*indexes, *children]:
                reasons[index] = "outline"


def _outline_item(item: Block) -> bool:
    text = item.text
    anchor_only = item.lines and all(line.link_chars and not line.urls for line in item.lines)
    short = letter_words(text) <= OUTLINE_ITEM_WORDS and cjk_count(text) <= OUTLINE_ITEM_CJK
    return bool(text) and (short or anchor_only) and not re.search(r"[。.!！]\s*$", text)


def _items_are_headings(items: list[Block], headings: list[Block]) -> bool:
    heading_texts = [_item_text(heading) for heading in headings]
    matched = 0
    for item in items:
        text = _item_text(item)
        if text and any(
            text == h or (len(text) >= 4 and (text in h or h in text)) for h in heading_texts if h
        ):
            matched += 1
    return matched >= max(2, LINK_LIST_SHARE * len(items))


def _items_number_headings(items: list[Block], headings: list[Block]) -> bool:
    if not items[0].ordered:
        return False
    numbers = set()
    for heading in headings:
        match = _HEADING_NUMBER.match(heading.text)
        if match:
            numbers.add(int(match.group(1)))
    return (
        len(numbers) >= 2 and 1 in numbers and all(1 <= number <= len(items) for number in numbers)
    )


def _link_lists(blocks, lists, reasons: dict[int, str]) -> None:
    """Lists made mostly of links, domain names or cross-references."""
    for indexes in lists.values():
        if len(indexes) < 3:
            continue
        linkish = 0
        for index in indexes:
            block = blocks[index]
            lines = [line for line in block.lines if line.text]
            if not lines:
                continue
            if (
                all(line_noise(line) == "link" for line in lines)
                or _DOMAIN.match(block.text)
                or _CROSS_REFERENCE.match(block.text)
            ):
                linkish += 1
        names = [_product_name(blocks[index]) for index in indexes]
        if linkish >= LINK_LIST_SHARE * len(indexes) or (
            all(names) and sum(1 for name in names if name == "branded") * 2 >= len(names)
        ):
            for index in indexes:
                reasons.setdefault(index, "link list")


def _product_name(block: Block) -> str:
    """ "branded" for a name no dictionary has ("GitHub", "DraftJS", "Roam Research", "GPT-4"),
    "plain" for a capitalised word ("Notion", "Story"), "" for anything else."""
    text = block.text
    words = text.split()
    if not words or len(words) > PRODUCT_WORDS or cjk_count(text) or len(text) > 32:
        return ""
    if not all(word[0].isupper() or word[0].isdigit() for word in words):
        return ""
    if re.search(r"[.。!！?？:：,，;；]", text):
        return ""
    branded = len(words) >= 2 or any(
        any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:]) for word in words
    )
    return "branded" if branded else "plain"


def _tail(blocks: list[Block], reasons: dict[int, str]) -> None:
    """After an end marker or a credits line near the end, the rest is the publisher's tail."""
    content = [i for i, block in enumerate(blocks) if block.kind in ("paragraph", "item", "row")]
    if not content:
        return
    start = int(len(content) * TAIL_FROM)
    for position in content[start:]:
        if reasons.get(position) in _TAIL_START:
            for later in content:
                if later > position:
                    reasons.setdefault(later, "outro")
            return
