"""Blocks of a note that are not content to read: its cover, metadata and promotional tail.

The noise classifier (context.py for noise sections and labels, noise_blocks.py for whole blocks,
noise.py for lines) says why each block is not a claim. Some of those reasons are still worth
reading in the source summary (a reference list, a table, code, a biography); the reasons below
are not: a cover block of fields (``## 封面``), metadata restated, a call to follow or contact
the author (``## 欢迎交流与合作``), sponsorship, credits, a table of contents, a publication
footer (``> 本文发表于 …``) and the tail after an end marker. Such blocks are neither rendered in
the summary's HTML nor listed as sections, so the page shows what the claims were read from.
"""

from __future__ import annotations

from .context import block_contexts, noise_context_reasons
from .markdown_tree import Block, parse_blocks
from .noise import line_noise
from .noise_blocks import classify_blocks

HIDDEN_REASONS = frozenset(
    {
        "metadata",
        "promotion",
        "sponsorship",
        "subscription",
        "credits",
        "outline",
        "footer",
        "end marker",
        "outro",
        "branded",
        "template code",
    }
)
# A paragraph is hidden for its lines' reason only when it is short: a promotional line is a
# sentence or two, and a long transcript paragraph that happens to name a sponsor stays.
LINE_NOISE_MAX_CHARS = 300


def hidden_blocks(
    blocks: list[Block],
    contexts: list[str | None] | None = None,
    context_reasons: dict[int, str] | None = None,
    block_reasons: dict[int, str] | None = None,
) -> set[int]:
    """Indexes of the blocks that are cover, metadata or promotion (see HIDDEN_REASONS)."""
    contexts = contexts if contexts is not None else block_contexts(blocks)
    context_reasons = (
        context_reasons if context_reasons is not None else noise_context_reasons(blocks)
    )
    block_reasons = block_reasons if block_reasons is not None else classify_blocks(blocks)
    hidden = set()
    for index, block in enumerate(blocks):
        if contexts[index] == "noise":
            reason = context_reasons.get(index, "")
        else:
            reason = block_reasons.get(index, "")
        if not reason and block.kind == "paragraph" and len(block.text) <= LINE_NOISE_MAX_CHARS:
            reasons = {line_noise(line) for line in block.lines if line.text}
            reason = reasons.pop() if len(reasons) == 1 else ""
        if reason in HIDDEN_REASONS:
            hidden.add(index)
    return hidden


def readable_markdown(
    markdown: str,
    blocks: list[Block] | None = None,
    contexts: list[str | None] | None = None,
    offset: int = 0,
) -> str:
    """``markdown`` with its hidden blocks blanked out (line count kept, so lines still match).

    Each hidden block is blanked from its first line up to the line before the next block, which
    takes a table's delimiter row and a code fence's closing line with it. The extractor passes the
    ``blocks`` it parsed (``parse_blocks(markdown, offset)``) and their ``contexts``, so the text is
    not parsed twice.
    """
    if blocks is None:
        blocks, contexts, offset = parse_blocks(markdown, 0), None, 0
    hidden = hidden_blocks(blocks, contexts)
    if not hidden:
        return markdown
    lines = markdown.split("\n")
    starts = [block.line - offset if block.line else 0 for block in blocks]
    for index in sorted(hidden):
        start = starts[index]
        if not start:
            continue
        later = [line for line in starts[index + 1 :] if line > start]
        end = later[0] - 1 if later else len(lines)
        for number in range(start, end + 1):
            lines[number - 1] = ""
    return "\n".join(lines)
