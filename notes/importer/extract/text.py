"""Small text helpers shared by the extraction rules: scripts, words, URLs, whitespace."""

from __future__ import annotations

import re

# Han ideographs (incl. extension A and compatibility), kana and hangul count as CJK.
_CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x3040, 0x30FF),
    (0xAC00, 0xD7AF),
    (0x20000, 0x2FA1F),
)
_CJK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES) + "]")
URL_PATTERN = re.compile(r"https?://[^\s<>()\[\]{}\"'“”‘’，。；、）（]+", re.I)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# Words of any alphabetic script (Latin with accents, Greek, Cyrillic, Hebrew, Arabic, Thai).
_LETTERS = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u0e00-\u0e7f"
_LETTER_WORD = re.compile(f"[{_LETTERS}][{_LETTERS}'’\\-]*")
_TRAILING_URL_PUNCT = ".,;:!?)]}>*_`'\""
_SPACES = re.compile(r"\s+")
_BOX_CHARS = re.compile(r"[\u2500-\u257f\u2580-\u259f]")


def is_cjk(ch: str) -> bool:
    """True for a Chinese/Japanese/Korean character."""
    return bool(_CJK.match(ch))


def cjk_count(text: str) -> int:
    """Number of CJK characters in ``text``."""
    return len(_CJK.findall(text or ""))


def latin_words(text: str) -> int:
    """Number of Latin-letter words in ``text``, URLs excluded."""
    return len(_LATIN_WORD.findall(URL_PATTERN.sub(" ", text)))


def letter_words(text: str) -> int:
    """Number of words in any alphabetic script (a Russian or Greek note counts too), URLs excluded."""
    return len(_LETTER_WORD.findall(URL_PATTERN.sub(" ", text)))


def content_size(text: str) -> int:
    """A script-neutral size: CJK characters plus Latin words (one word ~ two characters)."""
    return cjk_count(text) + 2 * latin_words(text)


def collapse(text: str) -> str:
    """Whitespace runs to one space, trimmed."""
    return _SPACES.sub(" ", text or "").strip()


def find_urls(text: str) -> list[str]:
    """http(s) URLs in ``text`` with trailing punctuation removed, in order."""
    found = []
    for match in URL_PATTERN.finditer(text or ""):
        url = match.group(0).rstrip(_TRAILING_URL_PUNCT)
        if len(url) > 10:
            found.append(url)
    return found


def without_urls(text: str) -> str:
    """``text`` with URLs removed and whitespace collapsed."""
    return collapse(URL_PATTERN.sub(" ", text or ""))


def has_box_drawing(text: str) -> bool:
    """True when ``text`` uses box-drawing characters (ASCII-art diagrams)."""
    return bool(_BOX_CHARS.search(text or ""))


def is_substantial(text: str, *, min_words: int = 2, min_cjk: int = 4) -> bool:
    """Enough words to be a statement: ``min_words`` alphabetic words or ``min_cjk`` CJK characters."""
    return letter_words(text) >= min_words or cjk_count(text) >= min_cjk


def ends_with_colon(text: str) -> bool:
    """True when ``text`` ends with a colon (ASCII or full-width)."""
    return text.rstrip().rstrip("*_ ").endswith((":", "："))


def strip_quotes(text: str) -> str:
    """Remove one pair of surrounding quotation marks."""
    text = text.strip()
    pairs = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}
    if len(text) >= 2 and text[0] in pairs and text.endswith(pairs[text[0]]):
        inner = text[1:-1].strip()
        if text[0] not in inner and pairs[text[0]] not in inner:
            return inner
    return text


def shorten(text: str, limit: int = 60) -> str:
    """Cut ``text`` at a word or sentence boundary near ``limit`` characters, with an ellipsis."""
    text = collapse(text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for stop in ("。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " "):
        position = cut.rfind(stop)
        if position >= limit // 2:
            return (
                cut[: position + (1 if stop.strip() in "。！？；，" else 0)].rstrip(" ,，;；") + "…"
            )
    return cut.rstrip() + "…"
