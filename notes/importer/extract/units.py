"""From the lines of one block to candidate claims ("units").

A paragraph is usually one unit, but its lines may be dialogue turns (``**Ilya**：…``, ``SA: …``,
``Speaker 2`` on its own line), timeline entries (``02:20 topic``), metadata lines
(``Host(s): …``) or noise (a WeChat id) — each handled on its own line. A very long paragraph of
many short lines (a plain transcript) is cut into chunks at line boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .labels import Label, is_short_label, label_only, split_label
from .markdown_tree import Block, Line
from .names import is_label_name, is_numbered_speaker, is_person_name
from .noise import line_noise
from .text import collapse, ends_with_colon
from .timestamps import leading_marker
from .vocabulary import ROLE_LABELS, noise_reason, phrase_class

CHUNK_ABOVE = 800  # a multi-line paragraph longer than this is cut...
CHUNK_TARGET = 300  # ...into pieces of at least this many characters
_BULLET_CHARS = "·•-*‧●○▪"
_ROLE_WORDS = {word for words in ROLE_LABELS.values() for word in words}


@dataclass
class Unit:
    """A candidate claim: its text, first line, time, speaker label and lead-in label."""

    text: str
    line: int
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    timeline: bool = False
    label: Label | None = None
    pieces: list[tuple[int, str]] = field(default_factory=list)
    closed: bool = False
    extended: bool = False
    introduces_list: bool = False  # a turn ending "两条路：" before the list it introduces

    def extend(self, line: Line) -> None:
        """Add a continuation line (the text is joined once, in block_units)."""
        self.pieces.append((line.number, line.text))
        self.extended = True

    def finish(self) -> None:
        if self.extended:
            self.text = collapse(" ".join(text for _, text in self.pieces))
            self.extended = False


class DialogueLabels:
    """The labels that introduce speaker turns in one talk, decided from the whole text."""

    def __init__(self, labels: set[str]):
        self.labels = labels

    def turn(self, marked: str) -> tuple[str, str] | None:
        """(label, text) when ``marked`` opens a turn by a known label, else None."""
        found = split_label(marked)
        if found and found.label in self.labels and (found.colon or found.bold):
            return found.label, found.value
        text = collapse(marked.replace("**", ""))
        if is_numbered_speaker(text):
            return text, ""
        return None


def _is_turn_label(found: Label) -> bool:
    if not (found.colon and found.value):
        return False
    if found.label.casefold() in _ROLE_WORDS:
        # "主持人：大家好…" is a turn; "主播：程曼祺，…" is a metadata line.
        first = collapse(found.value.split("，")[0].split(",")[0])
        return not is_person_name(first)
    if found.field or phrase_class(found.label):
        return False
    return is_label_name(found.label)


def find_dialogue_labels(blocks: list[Block], known_names: list[str]) -> DialogueLabels:
    """Labels used for speaker turns: repeated name-like line labels, known names, "Speaker 2".

    A label counts when it is a known speaker's name or short form, when two different labels
    each open at least two lines, or when one label opens at least five (an interview where only
    the guest is labelled, as in ``SA: …``).
    """
    counts: dict[str, int] = {}
    for block in blocks:
        if block.kind not in ("paragraph", "item"):
            continue
        for line in block.lines:
            found = split_label(line.marked)
            if found and _is_turn_label(found):
                counts[found.label] = counts.get(found.label, 0) + 1
    known_parts = set()
    for name in known_names:
        tokens = name.split()
        known_parts.update({name, *tokens, "".join(token[0] for token in tokens if token)})
    labels = {label for label in counts if label in known_parts}
    repeated = [label for label, count in counts.items() if count >= 2]
    if len(repeated) >= 2:
        labels.update(repeated)
    labels.update(label for label, count in counts.items() if count >= 5)
    return DialogueLabels(labels)


def _leading_time(line: Line, timeline: bool):
    if not timeline:
        return None
    return leading_marker(line.text)


SkipLine = Callable[[Block, int, str, str], None]


def block_units(
    block: Block, dialogue: DialogueLabels, skip: SkipLine | None = None
) -> tuple[Label | None, list[Unit]]:
    """The lead label of a block (a first line such as "Summary:") and its units.

    ``skip(block, line, reason, text)`` is told of every line left out as noise.
    """
    lines = [line for line in block.lines if line.text]
    timed = sum(1 for line in lines if leading_marker(line.text))
    timeline = timed >= 2 or bool(
        lines and lines[0].text.lstrip().startswith(("[", "(", "（")) and timed
    )
    lead: Label | None = None
    units: list[Unit] = []
    for index, line in enumerate(lines):
        turn = dialogue.turn(line.marked)
        if turn:
            units.append(
                Unit(turn[1], line.number, speaker=turn[0], pieces=[(line.number, turn[1])])
            )
            continue
        reason = line_noise(line)
        if reason:
            if skip is not None:
                skip(block, line.number, reason, line.text)
            _close(units)
            continue
        found = split_label(line.marked)
        alone = label_only(line.marked)
        if alone is None and is_short_label(line.text) and phrase_class(line.text) == "noise":
            alone = Label(line.text, "", False, False)
        if alone is not None:
            if alone.kind == "noise" or alone.field:
                if skip is not None and index + 1 < len(lines):
                    rest = " ".join(later.text for later in lines[index + 1 :])
                    why = "metadata" if alone.field else noise_reason(alone.label)
                    skip(block, lines[index + 1].number, why, rest)
                break  # "相关链接", "附录：": the rest of the block belongs to that label
            if index == 0 and len(lines) > 1:
                lead = alone
                continue
        if found and found.value and (found.field or found.kind == "noise"):
            _close(units)  # a metadata line ("Host(s): …") or a noise entry
            continue
        marker = _leading_time(line, timeline)
        if marker is not None:
            rest = collapse(line.text[marker.span[1] :])
            units.append(
                Unit(
                    rest,
                    line.number,
                    marker.start,
                    marker.end,
                    timeline=True,
                    pieces=[(line.number, rest)],
                )
            )
            continue
        if timeline and units and units[-1].timeline and line.text.lstrip()[:1] in _BULLET_CHARS:
            rest = line.text.lstrip().lstrip(_BULLET_CHARS).strip()
            previous = units[-1]
            units.append(
                Unit(
                    rest,
                    line.number,
                    previous.start,
                    previous.end,
                    timeline=True,
                    pieces=[(line.number, rest)],
                )
            )
            continue
        if timeline and line.text.lstrip()[:1] in _BULLET_CHARS:
            rest = line.text.lstrip().lstrip(_BULLET_CHARS).strip()  # a topic line: "-DeepSeek …"
            units.append(Unit(rest, line.number, timeline=True, pieces=[(line.number, rest)]))
            continue
        if units and not units[-1].closed:
            units[-1].extend(line)
            continue
        label = found if found and found.value else None
        units.append(Unit(line.text, line.number, label=label, pieces=[(line.number, line.text)]))
    for unit in units:
        unit.finish()
    return lead, _chunked(units)


def _close(units: list[Unit]) -> None:
    if units:
        units[-1].closed = True


def _chunked(units: list[Unit]) -> list[Unit]:
    """Cut long plain units of many lines (transcripts) into pieces at line boundaries."""
    result = []
    for unit in units:
        if unit.speaker or len(unit.text) <= CHUNK_ABOVE or len(unit.pieces) < 3:
            result.append(unit)
            continue
        current: list[tuple[int, str]] = []
        size = 0
        for number, text in unit.pieces:
            current.append((number, text))
            size += len(text) + 1
            if size >= CHUNK_TARGET:
                result.append(_piece_unit(unit, current))
                current, size = [], 0
        if current:
            if size < CHUNK_TARGET // 3 and result and result[-1].line >= unit.line:
                result[-1].pieces.extend(current)
                result[-1].text = collapse(" ".join(text for _, text in result[-1].pieces))
            else:
                result.append(_piece_unit(unit, current))
    return result


def _piece_unit(unit: Unit, pieces: list[tuple[int, str]]) -> Unit:
    text = collapse(" ".join(text for _, text in pieces))
    return Unit(text, pieces[0][0], unit.start, unit.end, label=unit.label, pieces=list(pieces))


def is_lead_in(text: str) -> bool:
    """A short sentence that only introduces what follows ("Transformer block:", "Mechanism:")."""
    from .text import cjk_count, letter_words

    return ends_with_colon(text) and letter_words(text) <= 8 and cjk_count(text) <= 20
