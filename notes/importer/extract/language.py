"""Language of a claim and of a whole talk: "zh", "en" or "mixed".

A piece of text is measured in script-neutral units: each CJK character is one unit and each Latin
word two (an English word carries about as much as two Chinese characters). Chinese prose with
English terms ("把RL训练目标对齐到evals") stays "zh"; English prose with a Chinese gloss stays "en".

Thresholds (docs/decisions.md, "Language detection"):
- a claim is "zh" when CJK units are at least 60% of its units, "en" when at most 30%, else "mixed";
- a talk is "mixed" when the smaller of its Chinese and English claim volumes is at least 20% of
  the two together, otherwise the larger one wins. A talk with no claims is measured on its text.
"""

from __future__ import annotations

from .text import cjk_count, latin_words

CLAIM_ZH_SHARE = 0.6
CLAIM_EN_SHARE = 0.3
TALK_MINORITY_SHARE = 0.2


def cjk_share(text: str) -> float | None:
    """Share of CJK units in ``text``; None when it has no letters at all."""
    cjk = cjk_count(text)
    latin = 2 * latin_words(text)
    if cjk + latin == 0:
        return None
    return cjk / (cjk + latin)


def detect_language(text: str, default: str = "en") -> str:
    """Language of one claim or line: "zh", "en" or "mixed" (``default`` when no letters)."""
    share = cjk_share(text)
    if share is None:
        return default
    if share >= CLAIM_ZH_SHARE:
        return "zh"
    if share <= CLAIM_EN_SHARE:
        return "en"
    return "mixed"


def talk_language(texts: list[str], fallback_text: str = "") -> str:
    """Language of a talk from its claims' texts (or ``fallback_text`` when there are none)."""
    zh = en = 0
    for text in texts:
        cjk = cjk_count(text)
        latin = 2 * latin_words(text)
        language = detect_language(text)
        if language == "zh":
            zh += cjk + latin
        elif language == "en":
            en += cjk + latin
        else:  # a mixed claim counts for both scripts by its own units
            zh += cjk
            en += latin
    if zh + en == 0:
        if not fallback_text:
            return "en"
        return talk_language([line for line in fallback_text.split("\n") if line.strip()])
    if min(zh, en) / (zh + en) >= TALK_MINORITY_SHARE:
        return "mixed"
    return "zh" if zh > en else "en"
