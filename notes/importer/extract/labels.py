"""Label lines: ``**Label**: value``, ``**Label:** value``, ``Label：value``, ``--- Label ---``.

A label says what the rest of its line (or the following blocks, when it stands alone) is: a
metadata field ("链接", "Host(s)"), a noise block ("Reference Documents & Links Mentioned"), key
points ("核心观点"), highlights ("重要原话"), or nothing in particular ("Loop Bug Phenomenon").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import cjk_count, collapse, latin_words
from .vocabulary import metadata_field, phrase_class

_BOLD_LABEL = re.compile(r"^\*\*(?P<label>[^*]{1,60}?)\*\*\s*(?P<colon>[:：])?\s*(?P<value>.*)$")
_BOLD_LABEL_INNER_COLON = re.compile(r"^\*\*(?P<label>[^*]{1,60}?)\s*[:：]\s*\*\*\s*(?P<value>.*)$")
_FULL_BOLD_WITH_COLON = re.compile(
    r"^\*\*(?P<label>[^*:：]{1,30}?)\s*[:：]\s*(?P<value>[^*]+?)\*\*[。.]?$"
)
_PLAIN_LABEL = re.compile(r"^(?P<label>[^:：*\s][^:：]{0,40}?)\s*(?P<colon>[:：])\s*(?P<value>.*)$")
_DASHED_LABEL = re.compile(r"^-{2,}\s*(?P<label>[^-].{0,40}?)\s*-{2,}$")
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.\s|\.$")
MAX_LABEL_WORDS = 6
MAX_LABEL_CJK = 16


@dataclass(frozen=True)
class Label:
    """A label and the value after it on the same line."""

    label: str
    value: str  # plain text, bold markers removed
    bold: bool
    colon: bool

    @property
    def field(self) -> str | None:
        """The metadata field this label names, if any."""
        return metadata_field(self.label)

    @property
    def kind(self) -> str | None:
        """ "noise", "keypoint", "highlight", "questions" or None (see vocabulary.phrase_class)."""
        return phrase_class(self.label)


def is_short_label(text: str) -> bool:
    """Short enough to be a label rather than a sentence."""
    text = collapse(text)
    if not text or len(text) > 60 or _SENTENCE_END.search(text):
        return False
    return latin_words(text) <= MAX_LABEL_WORDS and cjk_count(text) <= MAX_LABEL_CJK


@lru_cache(maxsize=16384)
def split_label(marked: str) -> Label | None:
    """The label of a line written with ``**`` bold markers, or None when it has none."""
    marked = collapse(marked)
    if not marked:
        return None
    patterns = (_BOLD_LABEL_INNER_COLON, _FULL_BOLD_WITH_COLON, _BOLD_LABEL)
    for pattern in patterns:
        match = pattern.match(marked)
        if match:
            colon = pattern is not _BOLD_LABEL or bool(match.group("colon"))
            value = match.group("value").replace("**", "").strip()
            label = match.group("label").strip()
            if value and not colon:
                return None  # "**bold words** continue the sentence" is not a label
            if is_short_label(label):
                return Label(label, collapse(value), True, colon)
            if pattern is _FULL_BOLD_WITH_COLON:
                continue
            return None
    match = _DASHED_LABEL.match(marked)
    if match and is_short_label(match.group("label")):
        return Label(match.group("label").strip(), "", False, False)
    match = _PLAIN_LABEL.match(marked.replace("**", ""))
    if match:
        label = match.group("label").strip()
        value = match.group("value").strip()
        if value.startswith("//") or label.isdigit() or re.fullmatch(r"[\d\s.]+", label):
            return None  # a URL or a clock time, not a label
        if latin_words(label) > 4 or cjk_count(label) > 12 or not is_short_label(label):
            return None
        return Label(label, collapse(value), False, True)
    return None


def label_only(marked: str) -> Label | None:
    """A line that is nothing but a label ("**核心观点**", "Summary:", "--- Podcast Metadata ---")."""
    found = split_label(marked)
    if found and not found.value and (found.bold or found.colon or marked.startswith("--")):
        return found
    return None
