"""The one tokeniser for claim search, used identically to index text and to read queries.

Text is folded (NFKC, case-folded, Latin diacritics removed) and cut into tokens:

* a run of Latin letters and digits is one token ("Generalization" -> "generalization");
* a run of CJK characters becomes its overlapping 2-character pieces plus the run's last character
  alone ("泛化能力" -> "泛化", "化能", "能力", "力").

Why bigrams: neither FTS5's unicode61 nor PostgreSQL's parser splits Chinese, so a whole run would
be one token and 熵 inside 熵增 would never match. With bigrams, any Chinese substring of two or more
characters is a phrase of adjacent bigrams, and one character is a prefix of the bigram starting at
it (or equals the lone last character of a run). Measured on this machine, the counts equal LIKE's.

Every token keeps the span of the original text it came from, for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Scripts written without spaces between words, searched by character bigrams.
_CJK_RANGES = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK Extensions B-G
)
_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
# A run of CJK letters, or a run of other letters and digits (Python's \w without "_").
_RUN = re.compile(
    rf"(?P<cjk>(?:(?=[^\W_])[{_CJK_CLASS}])+)|(?P<word>(?:(?![{_CJK_CLASS}])[^\W_])+)"
)
MAX_WORD_CHARS = 60  # longer Latin "words" (hashes, base64) are cut; PostgreSQL caps lexemes
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")


def is_cjk(ch: str) -> bool:
    """True for a character of a script searched by bigrams (Chinese, Japanese kana, Hangul)."""
    # One character class test in C: the index write asks this of every distinct token.
    return _CJK_CHAR.match(ch) is not None


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if any(is_cjk(c) for c in folded):
        return folded  # NFKD would take Hangul syllables apart
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Fold text for matching; also return, for each folded character, its index in ``text``."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def original_char_end(text: str, index: int) -> int:
    """End of the original character at ``index``, with any combining marks that follow it."""
    end = index + 1
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return end


def run_tokens(run: str, cjk: bool, *, trailing_char: bool = True) -> list[str]:
    """The tokens of one run: a Latin word whole (cut at MAX_WORD_CHARS); a CJK run as its
    overlapping bigrams, plus (if asked) its lone last character."""
    if not cjk:
        return [run[:MAX_WORD_CHARS]]
    if len(run) == 1:
        return [run]
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if trailing_char:
        tokens.append(run[-1])
    return tokens


@dataclass(frozen=True)
class Segment:
    """A run of one kind of characters (folded): a Latin word or a CJK run, and its span in the
    original text."""

    text: str
    cjk: bool
    start: int
    end: int


def segments(text: str) -> list[Segment]:
    """Split text into folded Latin words and CJK runs, in order, with original spans."""
    folded, origin = fold(text)
    return [
        Segment(
            m.group(),
            m.lastgroup == "cjk",
            origin[m.start()],
            original_char_end(text, origin[m.end() - 1]),
        )
        for m in _RUN.finditer(folded)
    ]


def folded_text(text: str) -> str:
    """``fold(text)[0]`` without the map back to the original (which only highlighting needs)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def token_texts(text: str) -> list[str]:
    """Index-mode tokens of ``text`` as strings, in order (the fast path used for indexing)."""
    tokens: list[str] = []
    for m in _RUN.finditer(folded_text(text)):
        tokens.extend(run_tokens(m.group(), m.lastgroup == "cjk"))
    return tokens


@dataclass(frozen=True)
class Token:
    """One indexed token and the span ``text[start:end]`` of the original text it covers."""

    text: str
    start: int
    end: int
    cjk: bool


@lru_cache(maxsize=512)
def folded_tokens(text: str) -> tuple[tuple[Token, ...], tuple[int, ...]]:
    """Index-mode tokens with spans in the *folded* text, and the folded-to-original map.

    Highlighting matches on these and maps only the matches back (see original_span). Kept for
    the last few hundred texts: a hit's text is read several times (highlight, why it matched).
    """
    folded, origin = fold(text)
    tokens: list[Token] = []
    for m in _RUN.finditer(folded):
        run, first = m.group(), m.start()
        if m.lastgroup != "cjk":
            tokens.append(Token(run[:MAX_WORD_CHARS], first, m.end(), False))
            continue
        tokens.extend(
            Token(piece, first + i, first + i + len(piece), True)
            for i, piece in enumerate(run_tokens(run, True))
        )
    return tuple(tokens), tuple(origin)


def original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of the original text that folded characters ``start:end`` came from."""
    return origin[start], original_char_end(text, origin[end - 1])


def tokenize(text: str) -> list[Token]:
    """Index-mode tokens of ``text`` with their original spans, in order."""
    tokens, origin = folded_tokens(text)
    return [
        Token(token.text, *original_span(text, origin, token.start, token.end), token.cjk)
        for token in tokens
    ]


def index_text(text: str) -> str:
    """The space-separated tokens stored in the full-text index for ``text``."""
    return " ".join(token_texts(text))
