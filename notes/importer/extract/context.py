"""What kind of part of the note each block sits in: noise, key points, highlights, questions.

Headings set the kind for their section (vocabulary.phrase_class); a paragraph that is only a
label ("**Reference Documents & Links Mentioned:**", "时间线跳转：", "相关链接") sets it for the
blocks after it until the next heading or thematic break. Noise anywhere above wins.
"""

from __future__ import annotations

from .labels import Label, is_short_label, label_only
from .markdown_tree import Block
from .noise import is_noise_line
from .timestamps import heading_times
from .vocabulary import noise_reason, phrase_class


def _fully_bold_line(marked: str) -> bool:
    marked = marked.strip()
    return marked.startswith("**") and marked.endswith("**") and marked.count("**") == 2


def pseudo_heading(block: Block) -> Label | None:
    """The label when a paragraph or item is nothing but a label, else None."""
    lines = [line for line in block.lines if line.text]
    if len(lines) != 1 or block.kind not in ("paragraph", "item"):
        return None
    line = lines[0]
    if is_noise_line(line):
        return None
    found = label_only(line.marked)
    if found is None and _fully_bold_line(line.marked) and is_short_label(line.text):
        found = Label(line.text.rstrip(":："), "", True, False)
    if found is None and is_short_label(line.text) and phrase_class(line.text) == "noise":
        found = Label(line.text, "", False, False)
    return found


def _leading_noise_label(block: Block) -> bool:
    """A paragraph whose first line is a noise label ("附录：", "相关链接") followed by more lines."""
    lines = [line for line in block.lines if line.text]
    if len(lines) < 2:
        return False
    first = lines[0]
    found = label_only(first.marked)
    if found is None and is_short_label(first.text) and phrase_class(first.text) == "noise":
        return True
    return found is not None and label_kind(found) == "noise"


def label_kind(label: Label) -> str | None:
    """The context a label sets: metadata labels count as noise for claims."""
    return "noise" if label.field else label.kind


def block_contexts(blocks: list[Block]) -> list[str | None]:
    """For each block, "noise", "keypoint", "highlight", "questions" or None."""
    return _walk_contexts(blocks)[0]


def noise_context_reasons(blocks: list[Block]) -> dict[int, str]:
    """Block index -> reason, for blocks inside a noise section or under a noise label."""
    return _walk_contexts(blocks)[1]


def _label_reason(block: Block) -> str:
    lines = [line for line in block.lines if line.text]
    if not lines:
        return "noise"
    found = label_only(lines[0].marked)
    if found is not None and found.field:
        return "metadata"
    return noise_reason(found.label if found is not None else lines[0].text)


def _walk_contexts(blocks: list[Block]) -> tuple[list[str | None], dict[int, str]]:
    contexts: list[str | None] = []
    reasons: dict[int, str] = {}
    stack: list[tuple[int, str | None, str]] = []
    pseudo: str | None = None
    pseudo_reason = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            text, _, _ = heading_times(block.text)
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            kind = phrase_class(text)
            stack.append((block.level, kind, noise_reason(text) if kind == "noise" else ""))
            pseudo = None
        elif block.kind == "hr":
            pseudo = None
        elif block.kind == "paragraph":
            found = pseudo_heading(block)
            if found is not None:
                pseudo = label_kind(found)
                if pseudo == "noise":
                    pseudo_reason = "metadata" if found.field else noise_reason(found.label)
            elif _leading_noise_label(block):
                pseudo = "noise"  # "附录：" or "相关链接" over the lines that follow it
                pseudo_reason = _label_reason(block)
        kinds = [kind for _, kind, _ in stack if kind]
        if "noise" in kinds or pseudo == "noise":
            contexts.append("noise")
            heading_reason = next((reason for _, kind, reason in stack if kind == "noise"), "")
            reasons[index] = heading_reason or pseudo_reason or "noise"
        else:
            contexts.append(pseudo or (kinds[-1] if kinds else None))
    return contexts, reasons
