"""The search box's syntax: a lexer, a small AST, and the SearchQuery it folds into. Pure Python.

    free words                 all must match (AND); each Latin word also matches as a prefix
    "exact phrase"             the words in this order ("…", “…”, 「…」 and 『…』 work too)
    -word  -"a phrase"         must not match
    #tag  tag:slug             claims tagged so (several: all of them)
    theme:slug                 claims in that theme (a theme is a tag)
    speaker:name               name, alias or slug; quoted allowed: speaker:"Ilya Sutskever"
    lang:zh|en|mixed           claim language (several: any of them)
    kind:key_point|highlight|dialogue|passage

An unknown ``foo:bar`` and a filter with an unknown value (``lang:fr``) are plain text. Nothing here
raises: unbalanced quotes, a lone ``-`` or ``#`` degrade to text (or to nothing).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .tokenizer import segments

MAX_QUERY_CHARS = 500  # a pasted paragraph is cut here: each term costs an index probe
MAX_TERMS = 16

_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
_FILTER_KEYS = {
    "tag": "tag",
    "tags": "tag",
    "theme": "theme",
    "speaker": "speaker",
    "by": "speaker",
    "lang": "lang",
    "language": "lang",
    "kind": "kind",
}
LANGUAGE_VALUES = {
    "zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh",
    "en": "en", "english": "en", "英文": "en",
    "mixed": "mixed", "mix": "mixed", "bilingual": "mixed",
}  # fmt: skip
KIND_VALUES = {
    "key_point": "key_point", "keypoint": "key_point", "key": "key_point", "kp": "key_point",
    "highlight": "highlight", "highlights": "highlight",
    "dialogue": "dialogue", "dialog": "dialogue",
    "passage": "passage", "passages": "passage",
}  # fmt: skip


@dataclass(frozen=True)
class TextTerm:
    """Text to match: a bare word (``phrase`` False) or a quoted phrase."""

    text: str
    phrase: bool = False
    negated: bool = False

    def __str__(self) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        return f"-{body}" if self.negated else body


@dataclass(frozen=True)
class Filter:
    """``key:value`` with a known key (tag, theme, speaker, lang, kind)."""

    key: str
    value: str

    def __str__(self) -> str:
        if self.key == "tag" and " " not in self.value:
            return f"#{self.value}"
        value = f'"{self.value}"' if " " in self.value else self.value
        return f"{self.key}:{value}"


Node = TextTerm | Filter


@dataclass(frozen=True)
class SearchQuery:
    """What a query string asks for. ``str()`` gives a canonical query string back."""

    raw: str = ""
    terms: tuple[TextTerm, ...] = ()
    excluded: tuple[TextTerm, ...] = ()
    tags: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    nodes: tuple[Node, ...] = field(default=(), compare=False, repr=False)

    @property
    def has_text(self) -> bool:
        """True when some words must match (exclusions alone list the newest claims)."""
        return bool(self.terms)

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.themes or self.speakers or self.languages or self.kinds)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.excluded or self.has_filters)

    def __str__(self) -> str:
        return " ".join(str(node) for node in self.nodes)


def parse_query(q: str) -> SearchQuery:
    """Parse a search-box string into a SearchQuery. Never raises; see the module docstring."""
    raw = (q or "")[:MAX_QUERY_CHARS]
    nodes = _dedupe(parse_nodes(raw))
    terms = [n for n in nodes if isinstance(n, TextTerm)][:MAX_TERMS]
    filters = [n for n in nodes if isinstance(n, Filter)]

    def values(key: str) -> tuple[str, ...]:
        return tuple(f.value for f in filters if f.key == key)

    return SearchQuery(
        raw=raw,
        terms=tuple(t for t in terms if not t.negated),
        excluded=tuple(t for t in terms if t.negated),
        tags=values("tag"),
        themes=values("theme"),
        speakers=values("speaker"),
        languages=values("lang"),
        kinds=values("kind"),
        nodes=tuple(n for n in nodes if isinstance(n, Filter) or n in terms),
    )


def _dedupe(nodes: list[Node]) -> list[Node]:
    """Drop repeats ("熵 熵"), keeping the first of each."""
    unique: list[Node] = []
    for node in nodes:
        if node not in unique:
            unique.append(node)
    return unique


def parse_nodes(q: str) -> list[Node]:
    """The AST: text terms and filters in the order written. Terms without a letter are dropped."""
    nodes: list[Node] = []
    for negated, quoted, text in _lex(unicodedata.normalize("NFKC", q)):
        node = _node(negated, quoted, text)
        if node is not None:
            nodes.append(node)
    return nodes


def _lex(q: str):
    """Yield (negated, quoted, text) chunks; a key:"quoted value" stays one chunk."""
    i, n = 0, len(q)
    while i < n:
        if q[i].isspace():
            i += 1
            continue
        negated = q[i] == "-"
        start = i + 1 if negated else i
        if start >= n or q[start].isspace():
            i = start  # a lone "-" means nothing
            continue
        if q[start] in _QUOTES:
            close = _find_close(q, start)
            if close is not None:
                yield negated, True, q[start + 1 : close]
                i = close + 1
                continue
            start += 1  # unbalanced: drop the quote and read on as a word
            if start >= n or q[start].isspace():
                i = start
                continue
        end = _chunk_end(q, start)
        yield negated, False, q[start:end]
        i = end


def _find_close(q: str, i: int) -> int | None:
    """Index of the quote closing the one at ``i`` (its pair, or a plain '"'), or None."""
    closers = {_QUOTES[q[i]], '"'}
    for j in range(i + 1, len(q)):
        if q[j] in closers:
            return j
    return None


def _chunk_end(q: str, i: int) -> int:
    """End of a bare chunk starting at ``i``: the next space, except inside key:"quoted value"."""
    j = i
    while j < len(q) and not q[j].isspace():
        if q[j] == ":" and j + 1 < len(q) and q[j + 1] in _QUOTES and _is_filter_key(q[i:j]):
            close = _find_close(q, j + 1)
            if close is not None:
                return close + 1
        j += 1
    return j


def _is_filter_key(key: str) -> bool:
    return key.lower() in _FILTER_KEYS


def _node(negated: bool, quoted: bool, text: str) -> Node | None:
    text = text.strip()
    if not quoted:
        found = _filter(text)
        if found is not None:
            return TextTerm(str(found), negated=True) if negated else found
    if not _has_word(text):
        return None
    return TextTerm(text, phrase=quoted, negated=negated)


def _filter(chunk: str) -> Filter | None:
    """A Filter for ``#tag`` or ``key:value`` with a known key and valid value, else None."""
    if chunk.startswith("#"):
        value = chunk.lstrip("#")
        return Filter("tag", value) if value else None
    key, sep, value = chunk.partition(":")
    key = _FILTER_KEYS.get(key.lower()) if sep else None
    if key is None:
        return None
    if value[:1] in _QUOTES:
        value = value[1:-1] if len(value) > 1 and value[-1] in _QUOTES.values() else value[1:]
    value = " ".join(value.split())
    if not value:
        return None
    if key == "lang":
        value = LANGUAGE_VALUES.get(value.lower(), "")
    elif key == "kind":
        value = KIND_VALUES.get(value.lower().replace("-", "_"), "")
    return Filter(key, value) if value else None


def _has_word(text: str) -> bool:
    return bool(segments(text))
