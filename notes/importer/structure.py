"""Bounds on a note's structure, checked in one linear pass before it is extracted or rendered.

Extraction and rendering cost grows with the number of blocks and links, not with bytes: a
1.6 MB file of 100,000 headings took tens of seconds to extract and hit the render deadline, while
a 2 MB paragraph of prose takes well under a second. The real notes kb imports have under 1,000
blocks, 60 links and quotes one level deep, so the limits below (ImportLimits) are several times
that, and a file over one is refused with a sentence naming the line where the limit was crossed.
The scan stops at that line: its work is bounded by the limits, not by the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .limits import DEFAULT_LIMITS, ImportLimits
from .types import ImportFailure

# A line that starts a block of its own: heading, quote, list item, table row, thematic break.
_BLOCK_START = re.compile(r"^[ \t]*(?:#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\||[-*_=]{3,})")
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
# A markdown link or image, a reference link, an autolink, or a bare URL (counted once each).
_LINK = re.compile(
    r"\]\(|\]\[|<[a-zA-Z][a-zA-Z0-9+.-]*:|(?<![(<])\b(?:https?|ftp)://|(?<![(</.])\bwww\."
)
_QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)+")


@dataclass
class StructureCount:
    """What the scan saw before it stopped (the last line it read included)."""

    lines: int = 0
    blocks: int = 0
    links: int = 0
    deepest_quote: int = 0


def check_structure(
    text: str,
    source_name: str,
    limits: ImportLimits = DEFAULT_LIMITS,
    *,
    first_line: int = 1,
) -> StructureCount:
    """Count blocks, links and quote depth of ``text``; raise ImportFailure at the first line over a limit.

    ``first_line`` is the file's line number of the text's first line (after front matter), so the
    sentence points at the line in the file. Returns the counts of an accepted text.
    """
    count = StructureCount()
    fence = ""
    after_blank = True
    for count.lines, line in enumerate(text.split("\n"), start=1):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1).startswith(fence):
                fence = ""
            continue
        if marker:
            fence = marker.group(1)
        if not line.strip():
            after_blank = True
            continue
        if after_blank or marker or "|" in line or _BLOCK_START.match(line):
            count.blocks += 1
        after_blank = False
        count.links += len(_LINK.findall(line))
        quote = _QUOTE_DEPTH.match(line)
        if quote:
            count.deepest_quote = max(count.deepest_quote, quote.group(0).count(">"))
        problem = _over_limit(count, limits)
        if problem:
            raise ImportFailure(source_name, problem, first_line + count.lines - 1)
    return count


def _over_limit(count: StructureCount, limits: ImportLimits) -> str:
    if count.blocks > limits.max_markdown_blocks:
        return (
            f"it has more than {limits.max_markdown_blocks:,} blocks (headings, list items, "
            "table rows, quotes, paragraphs), too many to import as one summary"
        )
    if count.links > limits.max_markdown_links:
        return f"it has more than {limits.max_markdown_links:,} links, too many to import as one summary"
    if count.deepest_quote > limits.max_quote_depth:
        return f"it nests quotes more than {limits.max_quote_depth} levels deep"
    return ""
