"""Highlight what a search matched: the claim text HTML-escaped, matched terms wrapped in <mark>.

Matching is done on the same tokens the index holds, so what is marked is what matched: a Chinese
substring, a whole English word for a prefix (generaliz marks "generalization"), a phrase from its
first token to its last.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape  # what django.utils.html.escape runs, without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from .plan import Phrase, QueryToken
from .tokenizer import Token, folded_tokens, original_span


def _matches(token: Token, wanted: QueryToken) -> bool:
    return token.text.startswith(wanted.text) if wanted.prefix else token.text == wanted.text


@lru_cache(maxsize=512)
def _by_first_char(text: str) -> dict[str, list[int]]:
    """Positions of ``text``'s tokens by their first character (kept per text, like its tokens):
    a phrase is looked for only where its first token can start, not at every token."""
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(folded_tokens(text)[0]):
        positions.setdefault(token.text[:1], []).append(i)
    return positions


def _spans(text: str, tokens: tuple[Token, ...], phrase: Phrase) -> list[tuple[int, int]]:
    """Spans, in folded text, of every occurrence of the phrase."""
    size, first = len(phrase), phrase[0]
    spans = []
    for i in _by_first_char(text).get(first.text[:1], ()):
        if i + size > len(tokens) or not _matches(tokens[i], first):
            continue
        if all(_matches(tokens[i + j], phrase[j]) for j in range(1, size)):
            last, wanted = tokens[i + size - 1], phrase[-1]
            end = last.end
            if wanted.prefix and last.cjk:
                end = last.start + len(wanted.text)  # 熵 inside the piece 熵增: mark 熵 only
            spans.append((tokens[i].start, end))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, phrases: list[Phrase]) -> SafeString:
    """``text`` escaped, with every occurrence of each phrase wrapped in <mark>…</mark>."""
    if not phrases:
        return mark_safe(escape(text))
    tokens, origin = folded_tokens(text)
    folded_spans = [span for phrase in phrases for span in _spans(text, tokens, phrase)]
    spans = _merge([original_span(text, origin, start, end) for start, end in folded_spans])
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # every piece of text above is escaped


def matches(text: str, phrases: list[Phrase]) -> bool:
    """True when ``text`` holds at least one of ``phrases`` (as the index would match it)."""
    if not phrases:
        return False
    tokens, _origin = folded_tokens(text)
    return any(_spans(text, tokens, phrase) for phrase in phrases)
