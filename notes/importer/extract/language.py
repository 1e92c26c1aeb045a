"""Language of a claim and of a whole talk: "zh", "en", "mixed" or "other".

A piece of text is measured in script-neutral units: each Chinese character is one unit and each
Latin word two (an English word carries about as much as two Chinese characters). Chinese prose with
English terms ("把RL训练目标对齐到evals") stays "zh"; English prose with a Chinese gloss stays "en".
Hangul and kana characters (one unit each) and words of other scripts (Cyrillic, Greek, Arabic…,
two units each) count as "other": a Korean, Japanese or Russian note is neither Chinese nor English.
Kana marks Japanese, so in text with kana (at least 10% of its CJK characters) the kanji count as
"other" too.

Thresholds (docs/decisions.md, "Language detection" and "Language by prose share"):
- a claim is "other" when other-script units outweigh Chinese and English together; else "zh" when
  Chinese units are at least 60% of its units, "en" when at most 30%, else "mixed";
- a talk is "other" when other-script claims outweigh the rest; it is "mixed" when the smaller of
  its Chinese and English claim volumes is at least 20% of the two together, otherwise the larger
  one wins. A talk with no claims is measured on its text;
- "mixed" must also hold for the note's own prose (its paragraphs; not quotes, list items, tables
  or headings), when it has at least PROSE_MIN_UNITS of it: a Chinese note that quotes English
  originals, or lists English terms, is "zh" — it carries the other language, not at length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Evidence
from .text import URL_PATTERN

CLAIM_ZH_SHARE = 0.6
CLAIM_EN_SHARE = 0.3
TALK_MINORITY_SHARE = 0.2
PROSE_MIN_UNITS = 100
JAPANESE_KANA_SHARE = 0.1

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_OTHER_WORD = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f]+")


@dataclass
class Units:
    """Script-neutral volume of a text by language."""

    zh: int = 0
    en: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.zh + self.en + self.other


def measure(text: str) -> Units:
    """Chinese, English and other-script units of ``text`` (URLs ignored)."""
    text = text or ""
    if "http" in text:
        text = URL_PATTERN.sub(" ", text)
    if text.isascii():  # the common English case: no other script to look for
        return Units(0, 2 * len(_LATIN_WORD.findall(text)), 0)
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    other = len(_HANGUL.findall(text)) + kana + 2 * len(_OTHER_WORD.findall(text))
    if kana and kana >= JAPANESE_KANA_SHARE * (kana + han):
        other, han = other + han, 0
    return Units(han, 2 * len(_LATIN_WORD.findall(text)), other)


def cjk_share(text: str) -> float | None:
    """Share of Chinese units among Chinese and English ones; None when it has neither."""
    units = measure(text)
    if units.zh + units.en == 0:
        return None
    return units.zh / (units.zh + units.en)


def _language_of(units: Units, default: str) -> str:
    if units.total == 0:
        return default
    if units.other > units.zh + units.en:
        return "other"
    share = units.zh / (units.zh + units.en)
    if share >= CLAIM_ZH_SHARE:
        return "zh"
    if share <= CLAIM_EN_SHARE:
        return "en"
    return "mixed"


def detect_language(text: str, default: str = "en") -> str:
    """Language of one claim or line: "zh", "en", "mixed" or "other" (``default``: no letters)."""
    return _language_of(measure(text), default)


def _volumes(texts: list[str]) -> Units:
    volume = Units()
    for text in texts:
        units = measure(text)
        language = _language_of(units, "")
        if language == "zh":
            volume.zh += units.total
        elif language == "en":
            volume.en += units.total
        elif language == "other":
            volume.other += units.total
        else:  # a mixed claim counts for both scripts by its own units
            volume.zh += units.zh
            volume.en += units.en
    return volume


def _talk_verdict(volume: Units) -> str:
    if volume.other > volume.zh + volume.en:
        return "other"
    if min(volume.zh, volume.en) / (volume.zh + volume.en) >= TALK_MINORITY_SHARE:
        return "mixed"
    return "zh" if volume.zh > volume.en else "en"


def _percent(volume: Units) -> str:
    total = volume.total or 1
    parts = [f"Chinese {100 * volume.zh // total}%", f"English {100 * volume.en // total}%"]
    if volume.other:
        parts.append(f"other scripts {100 * volume.other // total}%")
    return ", ".join(parts)


def choose_language(
    texts: list[str], fallback_text: str = "", prose: list[str] = ()
) -> tuple[str, list[Evidence]]:
    """Language of a talk from its claims' texts and its prose paragraphs, with the evidence."""
    volume = _volumes(texts)
    source = "claims"
    if volume.total == 0:
        volume = _volumes([line for line in (fallback_text or "").split("\n") if line.strip()])
        source = "text"
    if volume.total == 0:
        return "en", [Evidence("language", "en", "default", True, "the note has no words")]
    verdict = _talk_verdict(volume)
    evidence = [Evidence("language", verdict, f"share of {source}", True, _percent(volume))]
    prose_volume = _volumes(list(prose)) if verdict == "mixed" else Units()
    if prose_volume.total >= PROSE_MIN_UNITS:
        in_prose = _talk_verdict(prose_volume)
        if in_prose != "mixed":
            evidence = [
                Evidence(
                    "language", in_prose, "share of prose paragraphs", True, _percent(prose_volume)
                ),
                Evidence(
                    "language",
                    verdict,
                    f"share of {source}",
                    False,
                    f"{_percent(volume)}; the prose itself is not bilingual at length",
                ),
            ]
            verdict = in_prose
    return verdict, evidence


def talk_language(texts: list[str], fallback_text: str = "", prose: list[str] = ()) -> str:
    """Language of a talk (see choose_language)."""
    return choose_language(texts, fallback_text, prose)[0]
