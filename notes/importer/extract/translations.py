"""Pair the English and Chinese versions of the same point.

Two shapes: (1) a quote and its translation on one line (``"English …" —— “中文 …”``) becomes two
claims linked to each other; (2) parallel blocks — an English run of claims followed by a Chinese
run with the same structure (same count, kinds and nesting, in the same order) — are paired by
position. When whole runs differ, sections with identical structure are paired instead.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..types import ParsedClaim
from .language import detect_language
from .text import strip_quotes

_QUOTE_PAIR = re.compile(
    r"^(?P<first>[\"“「『].+?[\"”」』])\s*(?:——|—|–|--|/|\||=>|→)\s*(?P<second>[\"“「『].+[\"”」』])$"
)


def split_bilingual(text: str) -> list[str]:
    """``"A million tokens…" —— “100万个 token…”`` -> the two halves; otherwise ``[text]``."""
    match = _QUOTE_PAIR.match(text.strip())
    if not match:
        return [text]
    first = strip_quotes(match.group("first"))
    second = strip_quotes(match.group("second"))
    languages = {detect_language(first), detect_language(second)}
    if languages == {"en", "zh"}:
        return [first, second]
    return [text]


def _runs(claims: list[ParsedClaim]) -> list[list[int]]:
    """Maximal runs of consecutive unpaired claims in one language ("en" or "zh")."""
    runs: list[list[int]] = []
    current: list[int] = []
    language = None
    for index, claim in enumerate(claims):
        if claim.translation is not None or claim.language not in ("en", "zh"):
            if current:
                runs.append(current)
            current, language = [], None
            continue
        if claim.language != language and current:
            runs.append(current)
            current = []
        current.append(index)
        language = claim.language
    if current:
        runs.append(current)
    return runs


def _link(claims: list[ParsedClaim], first: list[int], second: list[int]) -> int:
    for a, b in zip(first, second, strict=True):
        claims[a].translation = b
        claims[b].translation = a
    return len(first)


def _by_section(run: list[int], claims: list[ParsedClaim]) -> list[list[int]]:
    groups: list[list[int]] = []
    for index in run:
        if groups and claims[groups[-1][-1]].section == claims[index].section:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def pair_translations(claims: list[ParsedClaim], signatures: list[tuple]) -> int:
    """Link parallel English/Chinese claims in place; return the number of pairs made."""
    runs = _runs(claims)
    made = 0
    used: set[int] = set()
    for position, run in enumerate(runs):
        if position in used:
            continue
        language = claims[run[0]].language
        partner = next(
            (
                later
                for later in range(position + 1, len(runs))
                if later not in used and claims[runs[later][0]].language != language
            ),
            None,
        )
        if partner is None:
            continue
        other = runs[partner]
        if len(run) < 2 or len(other) < 2:
            continue  # a lone sentence in the other language is a quote, not a translation
        shape = [signatures[index] for index in run]
        other_shape = [signatures[index] for index in other]
        if shape == other_shape:
            made += _link(claims, run, other)
            used.update({position, partner})
            continue
        made += _pair_sections(claims, signatures, run, other)
        used.update({position, partner})
    return made


def _pair_sections(claims, signatures, run: list[int], other: list[int]) -> int:
    """Pair sections of two runs whose structures are identical, in order."""
    groups = _by_section(run, claims)
    other_groups = _by_section(other, claims)
    shapes = [tuple(signatures[index] for index in group) for group in groups]
    other_shapes = [tuple(signatures[index] for index in group) for group in other_groups]
    matcher = SequenceMatcher(a=shapes, b=other_shapes, autojunk=False)
    made = 0
    for tag, a_start, a_end, b_start, _ in matcher.get_opcodes():
        if tag != "equal":
            continue
        for offset in range(a_end - a_start):
            group, other_group = groups[a_start + offset], other_groups[b_start + offset]
            if len(group) >= 1 and len(group) == len(other_group):
                made += _link(claims, group, other_group)
    return made
