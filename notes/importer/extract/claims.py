"""Walk a talk's blocks into sections and claims.

The kind of a claim comes from where it stands and how it is written:
- dialogue: a speaker's turn (``**Ilya**：…``, ``SA: …``, ``Speaker 2``), or a list that a turn
  introduces with a colon;
- highlight: under a quotes/highlights heading or label (``重要原话``), a short blockquote, or an
  item or paragraph that is bold from end to end;
- key_point: under a key-points heading or label, any list item, a table row, a timeline entry
  (``02:20 topic``), a paragraph with a bold lead-in (``**Implication:** …``);
- passage: any other prose paragraph.
Noise (vocabulary.NOISE_PHRASES headings and labels, noise.py lines and lists) yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..types import ParsedClaim, ParsedSection, SkippedBlock
from .context import block_contexts, label_kind, noise_context_reasons, pseudo_heading
from .hidden import hidden_blocks
from .labels import Label
from .language import detect_language
from .markdown_tree import Block
from .noise import line_noise
from .noise_blocks import classify_blocks
from .text import (
    cjk_count,
    collapse,
    ends_with_colon,
    is_substantial,
    letter_words,
    shorten,
    strip_quotes,
)
from .timestamps import heading_times, strip_markers
from .translations import split_bilingual
from .units import DialogueLabels, Unit, block_units, is_lead_in
from .vocabulary import PLEASANTRY_WORDS, phrase_class

_LEFTOVER_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
FRAGMENT_WORDS = 12  # list items this short complete the sentence that introduces them
FRAGMENT_CJK = 30
ROW_MIN_WORDS = 6
ROW_MIN_CJK = 12
SHORT_QUOTE_PARAGRAPHS = 2
SKIPPED_TEXT = 120  # characters of a skipped block shown to the curator
# Block reasons recorded as skipped; plain code and HTML are shown as written, not as noise.
_UNRECORDED = frozenset({"code", "html", "empty"})
_TURN_PREFIX = re.compile(r"^\s*(?:\[[\d:.]+\]\s*)?(?:[A-Z]{1,3}|[\w .'-]{1,30}?)\s*[:：]\s*")
_PLEASANTRY_CJK = re.compile(
    r"谢谢|感谢|你好|大家好|好的|对的|是的|没错|再见|拜拜|嗯|哈|对|好|啊|呀|哦|您|你|们"
)


@dataclass
class _Frame:
    level: int
    kind: str | None
    section: int | None  # None under a hidden heading (a cover or promotion: not a section)
    start: int | None


@dataclass
class WalkResult:
    """Sections, claims and, per claim, a structural signature used to pair translations."""

    sections: list[ParsedSection] = field(default_factory=list)
    claims: list[ParsedClaim] = field(default_factory=list)
    signatures: list[tuple] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)


def _fully_bold(marked: str) -> bool:
    marked = marked.strip()
    return (
        marked.startswith("**")
        and marked.rstrip("。.!！?？").endswith("**")
        and marked.count("**") == 2
    )


def _dedupe_key(text: str) -> str:
    # filter(str.isalnum, ...) is the generator's test run in C (asked of every claim's text)
    return "".join(filter(str.isalnum, text.casefold()))


def _headline(block: Block) -> Label | None:
    """An item written wholly in bold (with sub-points under it) is their headline."""
    lines = [line for line in block.lines if line.text]
    if len(lines) == 1 and _fully_bold(lines[0].marked):
        return Label(lines[0].text.rstrip(":："), "", True, False)
    return None


def is_pleasantry(text: str) -> bool:
    """A greeting, thanks or assent and nothing else ("BL: Hi.", "Bye-bye. Thank you.", "好的，谢谢")."""
    text = _TURN_PREFIX.sub("", text, count=1)
    words = re.findall(r"[a-z'’-]+", text.casefold().replace("’", "'"))
    rest = _PLEASANTRY_CJK.sub("", text)
    if cjk_count(rest) or re.search(r"\d", rest):
        return False
    if not words and not cjk_count(text):
        return False
    return len(words) <= 8 and all(word in PLEASANTRY_WORDS for word in words)


def _is_fragment(text: str) -> bool:
    return letter_words(text) <= FRAGMENT_WORDS and cjk_count(text) <= FRAGMENT_CJK


class ClaimWalker:
    """One pass over the blocks of a talk; see the module docstring for the rules."""

    def __init__(
        self,
        blocks: list[Block],
        dialogue: DialogueLabels,
        advice_lists: set[int],
        contexts: list[str | None] | None = None,
    ):
        self.blocks = blocks
        self.dialogue = dialogue
        self.advice_lists = advice_lists
        self.result = WalkResult()
        self.stack: list[_Frame] = []
        self.contexts = contexts if contexts is not None else block_contexts(blocks)
        self.block_reasons = classify_blocks(blocks)
        self.context_reasons = noise_context_reasons(blocks)
        self.hidden = hidden_blocks(blocks, self.contexts, self.context_reasons, self.block_reasons)
        self.recorded_tables: set[int] = set()
        self.after_break = False
        self.turn_start: int | None = None  # time of the last timed transcript paragraph
        self.seen: set[str] = set()
        self.item_starts: dict[int, int] = {}
        self.index_of = {id(block): index for index, block in enumerate(blocks)}
        self.skipped: set[int] = set()
        self.consumed: set[int] = set()
        self.list_speaker: dict[int, str] = {}
        self.children = {block.parent for block in blocks if block.parent is not None}
        self.list_items: dict[tuple[int, int | None], list[int]] = {}
        for position, block in enumerate(blocks):
            if block.kind == "item":
                self.list_items.setdefault((block.list_id, block.parent), []).append(position)
        self.quote_paragraphs: dict[int, int] = {}
        self.quote_items: set[int] = set()
        for block in blocks:
            if block.quote:
                self.quote_paragraphs[block.quote] = self.quote_paragraphs.get(block.quote, 0) + 1
                if block.kind in ("item", "row"):
                    self.quote_items.add(block.quote)

    # context -----------------------------------------------------------------------------
    def _section(self) -> int | None:
        return self.stack[-1].section if self.stack else None

    def _section_start(self) -> int | None:
        if self.after_break:
            return None
        for frame in reversed(self.stack):
            if frame.start is not None:
                return frame.start
        return None

    # walk ----------------------------------------------------------------------------------
    def run(self) -> WalkResult:
        for index, block in enumerate(self.blocks):
            if block.kind != "paragraph" or block.depth:
                self.turn_start = None  # a transcript's turn continues only in plain paragraphs
            if block.kind == "heading":
                self._heading(block, index in self.hidden)
            elif block.kind == "hr" and block.depth == 0:
                self.after_break = True  # a thematic break ends the timed part
            elif block.kind == "row":
                self._row(index, block)
            elif block.kind in ("paragraph", "item") and index not in self.consumed:
                self._text_block(index, block)
            elif block.kind in ("code", "html", "box") and index in self.block_reasons:
                self._skip(block, self.block_reasons[index], block.raw)
        return self.result

    def _skip(self, block: Block, reason: str, text: str | None = None, line: int = 0) -> None:
        """Record a block (or one of its lines) left out as noise, for the curator."""
        if reason in _UNRECORDED:
            return
        shown = shorten(collapse(text if text is not None else block.text), SKIPPED_TEXT)
        if shown:
            self.result.skipped.append(SkippedBlock(line or block.line or None, reason, shown))

    def _heading(self, block: Block, hidden: bool = False) -> None:
        text, start, end = heading_times(block.text)
        if not text.strip() and start is None:
            return
        while self.stack and self.stack[-1].level >= block.level:
            self.stack.pop()
        self.after_break = False
        if hidden:  # "## 封面", "## 欢迎交流与合作": not rendered, so not listed as a section
            self.stack.append(_Frame(block.level, "noise", None, None))
            return
        self.result.sections.append(ParsedSection(collapse(text), block.level, start, end))
        frame = _Frame(block.level, phrase_class(text), len(self.result.sections) - 1, start)
        self.stack.append(frame)

    def _row(self, index: int, block: Block) -> None:
        context = self.contexts[index]
        cells = [collapse(cell) for cell in block.cells if collapse(cell)]
        reason = self.block_reasons.get(index) or (
            self.context_reasons.get(index, "noise") if context == "noise" else ""
        )
        if reason:
            if block.table_id not in self.recorded_tables:
                self.recorded_tables.add(block.table_id)
                self._skip(block, reason, " | ".join(cells) or "(a table of images)")
            return
        if block.header or len(cells) < 2:
            return
        text = f"{cells[0]}: {'; '.join(cells[1:])}"
        if letter_words(text) < ROW_MIN_WORDS and cjk_count(text) < ROW_MIN_CJK:
            return
        kind = "highlight" if context == "highlight" else "key_point"
        self._add(Unit(text, block.line), kind, block)

    def _text_block(self, index: int, block: Block) -> None:
        if block.parent is not None and block.parent in self.skipped:
            self.skipped.add(index)
            return
        lines = [line for line in block.lines if line.text]
        if not lines:
            return
        if index in self.block_reasons:
            self.skipped.add(index)
            self._skip(block, self.block_reasons[index])
            return
        alone = pseudo_heading(block)
        context = self.contexts[index]
        if alone is not None and block.kind == "paragraph":
            if label_kind(alone) is None and context != "noise":
                self._merge_lead_in(index, block, context)
            return  # a label standing for a heading: block_contexts already applied it
        if context == "noise" or (block.kind == "item" and block.list_id in self.advice_lists):
            self.skipped.add(index)
            reason = "advice"
            if (
                context == "noise"
            ):  # the line's own reason ("promotion") says more than its section's
                own = line_noise(lines[0])
                reason = (
                    own if own not in ("", "link") else self.context_reasons.get(index, "noise")
                )
            self._skip(block, reason)
            return
        if alone is None and block.kind == "item" and index in self.children:
            alone = _headline(block)
        if alone is not None:  # an item that is only a label: the headline of its sub-points
            if label_kind(alone) == "noise":
                self.skipped.add(index)
                return
            self._add(Unit(alone.label, block.line), "key_point", block)
            return
        if block.kind == "paragraph" and self._merge_lead_in(index, block, context):
            return
        lead, units = block_units(block, self.dialogue, self._skip_line)
        if lead is not None and (lead.field or lead.kind == "noise"):
            return
        context = context or (lead.kind if lead else None)
        list_speaker = self.list_speaker.get(block.list_id) if block.kind == "item" else None
        for unit in units:
            if list_speaker and not unit.speaker and unit is units[0]:
                unit.speaker = list_speaker
        last = units[-1] if units else None
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        introduces = last and last.speaker and ends_with_colon(last.text)
        if introduces and following is not None and following.kind == "item":
            self.list_speaker[following.list_id] = last.speaker
            last.introduces_list = True
        for unit in units:
            self._add(unit, self._kind(unit, block, context), block)

    def _skip_line(self, block: Block, line: int, reason: str, text: str) -> None:
        self._skip(block, reason, text, line)

    def _merge_lead_in(self, index: int, block: Block, context: str | None) -> bool:
        """ "Memory pressure comes from:" + a list of fragments -> one claim."""
        text = block.text
        if not ends_with_colon(text) or len(block.lines) > 3 or self.dialogue.turn(block.marked):
            return False
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if following is None or following.kind != "item" or following.parent != block.parent:
            return False
        items = [
            (position, self.blocks[position])
            for position in self.list_items.get((following.list_id, following.parent), [])
        ]
        if any(
            position in self.children or position in self.block_reasons for position, _ in items
        ):
            return False  # sub-points, or items that are noise themselves (a list of products)
        texts = [candidate.text.rstrip(";；.。") for _, candidate in items]
        if not texts or not all(_is_fragment(item) for item in texts):
            return False
        for position, _ in items:
            self.consumed.add(position)
        merged = collapse(f"{text} {'; '.join(texts)}")
        kind = "highlight" if context == "highlight" else "key_point"
        self._add(Unit(merged, block.line), kind, block)
        return True

    def _kind(self, unit: Unit, block: Block, context: str | None) -> str | None:
        if unit.speaker:
            return "dialogue"
        label_kind = unit.label.kind if unit.label else None
        if context == "questions" and unit.text.rstrip().endswith(("?", "？")):
            return None
        if unit.timeline:
            return "key_point"
        if context == "highlight" or label_kind == "highlight":
            return "highlight"
        short_quote = (
            block.quote
            and block.quote not in self.quote_items
            and self.quote_paragraphs.get(block.quote, 0) <= SHORT_QUOTE_PARAGRAPHS
        )
        if short_quote or (len(block.lines) <= 2 and _fully_bold(block.marked)):
            return "highlight"
        if context == "keypoint" or label_kind == "keypoint" or block.kind == "item":
            return "key_point"
        if unit.label is not None and unit.label.bold:
            return "key_point"
        return "passage"

    def _add(self, unit: Unit, kind: str | None, block: Block) -> None:
        if kind is None:
            return
        text, start, _ = strip_markers(unit.text)
        if unit.label is not None and unit.label.kind == "highlight":
            text, start, _ = strip_markers(unit.label.value)
        text = collapse(_LEFTOVER_MARKUP.sub("", text)).strip()
        if is_lead_in(text) and (kind != "dialogue" or unit.introduces_list):
            return
        minimum = (1, 2) if kind == "dialogue" else (3, 6) if kind == "passage" else (2, 4)
        if not is_substantial(text, min_words=minimum[0], min_cjk=minimum[1]):
            return
        if is_pleasantry(text):
            self._skip(block, "pleasantry", text, unit.line)
            return
        if kind == "highlight":
            text = strip_quotes(text)
        key = _dedupe_key(text)
        if key in self.seen:
            # the same sentence again (a summary repeating a key point, a repeated banner)
            self._skip(block, "duplicate", text, unit.line)
            return
        self.seen.add(key)
        start = unit.start if unit.start is not None else start
        if start is not None and block.kind == "item" and unit.line == block.line:
            self.item_starts[self.index_of[id(block)]] = start
        if start is None and block.parent is not None:
            start = self.item_starts.get(block.parent)  # a sub-point of a timed point
        if block.kind == "paragraph" and not block.depth:
            if start is not None:
                self.turn_start = start
            elif self.turn_start is not None:
                start = self.turn_start  # a paragraph continuing a timed turn ("[00:12] AR: …")
        if start is None:
            start = self._section_start()
        section = self._section()
        signature = (kind, block.depth, block.kind == "row")
        pieces = split_bilingual(text)
        first_index = len(self.result.claims)
        for position, piece in enumerate(pieces):
            claim = ParsedClaim(
                text=piece,
                language=detect_language(piece),
                kind=kind,
                section=section,
                start_seconds=start,
                speaker=unit.speaker,
                line=unit.line or block.line or None,
            )
            if len(pieces) == 2:
                claim.translation = first_index + (1 - position)
            self.result.claims.append(claim)
            self.result.signatures.append(signature)


def walk_claims(
    blocks: list[Block],
    dialogue: DialogueLabels,
    advice_lists: set[int],
    contexts: list[str | None] | None = None,
) -> WalkResult:
    """Sections and claims of a talk's blocks (``contexts`` from context.block_contexts)."""
    return ClaimWalker(blocks, dialogue, advice_lists, contexts).run()
