"""Search across languages: the same meaning in the other language, for words a query types.

Three bridges, each with the sentence a result shows for it:

* the glossary (GlossaryTerm, curated in the admin): ``泛化`` also matches ``generalization``
  ("via glossary: 泛化 = generalization");
* tags and themes: words equal to a tag's name or Chinese name, or to one of a theme's keywords
  (a Latin keyword also as the start of the word, as the tagger reads it), also match the tag's
  name in the other language and every claim carrying the tag ("via theme: Generalization (泛化)");
* translations: a translated point is one index document holding both versions (documents.py), so
  the version without the word is shown "via translation".

Lookups read the glossary and the bilingual tags in two small queries, whatever the query holds;
nothing here is indexed, so a curator's new glossary term works on the next search (what is kept
between searches is keyed by the rows read).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notes.models import GlossaryTerm, Tag

from .highlight import matches
from .plan import MatchPlan, Phrase
from .query_parser import SearchQuery, TextTerm
from .tokenizer import fold

MAX_RUN = 4  # words of a query read together as one term ("large language model")
MIN_PREFIX_KEYWORD = 4  # a Latin keyword this long also matches as a word start


def normalised(text: str) -> str:
    """Text folded as the index folds it, with punctuation and spacing reduced to one space."""
    return re.sub(r"[\W_]+", " ", fold(text)[0]).strip()


@dataclass(frozen=True)
class Alternative:
    """The same meaning in the other language, and why it counts."""

    term: TextTerm
    reason: str


@dataclass
class Crossing:
    """Consecutive typed words and what else they match."""

    terms: tuple[TextTerm, ...]
    alternatives: list[Alternative] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    tag_reasons: list[str] = field(default_factory=list)

    @property
    def typed_text(self) -> str:
        return " ".join(term.text for term in self.terms)

    @property
    def alternative_terms(self) -> list[TextTerm]:
        return [alternative.term for alternative in self.alternatives]


@dataclass(frozen=True)
class _Entry:
    """One way in: a normalised form, the alternatives it brings, and an optional tag."""

    key: str
    prefix: bool
    alternatives: tuple[tuple[str, str], ...]  # (text, reason)
    tag_id: int | None = None
    tag_reason: str = ""


def _is_latin(text: str) -> bool:
    return text.isascii()


def _lexicon() -> tuple[_Entry, ...]:
    """Glossary terms both ways, and the bilingual tags and themes, in one statement (each ORM
    query cost more to build than to run). Reading the rows is cheap; normalising every theme
    keyword is not, so entries are kept per set of rows (a curator's edit changes the rows,
    hence the entries, on the next search). Ordered as the models order them."""
    glossary_table, tag_table = GlossaryTerm._meta.db_table, Tag._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, english, chinese, NULL, NULL, NULL, NULL FROM {glossary_table} "
            f"UNION ALL SELECT 1, name, name_zh, id, keywords, is_theme, position FROM {tag_table} "
            "WHERE is_theme OR name_zh <> '' ORDER BY 1, 6 DESC, 7, 2"
        )
        rows = cursor.fetchall()
    glossary = tuple((english, chinese) for part, english, chinese, *_ in rows if part == 0)
    tags = tuple(
        (tag_id, name, name_zh, tuple(k for k in _keywords(keywords) if isinstance(k, str)),
         bool(is_theme))
        for part, name, name_zh, tag_id, keywords, is_theme, _position in rows
        if part == 1
    )  # fmt: skip
    return _entries(glossary, tags, get_language() or "")


def _keywords(value) -> list:
    """A theme's keywords as stored (SQLite returns the JSON text); [] when not a list."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


@lru_cache(maxsize=16)
def _entries(glossary: tuple, tags: tuple, language: str) -> tuple[_Entry, ...]:
    """The lexicon's entries for these rows (``language``: the reasons are translated)."""
    entries: list[_Entry] = []
    for english, chinese in glossary:
        for typed, other in ((english, chinese), (chinese, english)):
            if normalised(typed) and normalised(other):
                reason = _("via glossary: %(typed)s = %(other)s") % {"typed": typed, "other": other}
                entries.append(_Entry(normalised(typed), False, ((other, reason),)))
    for tag_id, name, name_zh, keywords, is_theme in tags:
        label = f"{name} ({name_zh})" if name_zh and name_zh != name else name
        template = _("via theme: %(name)s") if is_theme else _("via tag: %(name)s")
        reason = template % {"name": label}
        names = [n for n in (name, name_zh) if n]
        ways = [(n, False) for n in names]
        if is_theme:
            for keyword in keywords:
                if normalised(keyword):
                    prefix = _is_latin(keyword) and len(normalised(keyword)) >= MIN_PREFIX_KEYWORD
                    ways.append((keyword, prefix))
        for typed, prefix in ways:
            key = normalised(typed)
            others = tuple((n, reason) for n in names if normalised(n) != key)
            entries.append(_Entry(key, prefix, others, tag_id, reason))
    return tuple(entries)


def _matching(entries: tuple[_Entry, ...], text: str) -> list[_Entry]:
    key = normalised(text)
    if not key:
        return []
    return [e for e in entries if e.key == key or (e.prefix and _starts_word(key, e.key))]


def _starts_word(key: str, start: str) -> bool:
    """``start`` begins ``key`` and ends inside its last word ("generaliz" in "generalization")."""
    return key.startswith(start) and " " not in key[len(start) :]


def find_crossings(query: SearchQuery) -> list[Crossing]:
    """For each run of typed words that the glossary or a tag knows, the other-language forms.

    Runs are read left to right, longest first (up to four words), so "continual learning" is one
    term before "learning" is.
    """
    terms = list(query.terms)
    if not terms:
        return []
    entries = _lexicon()
    crossings: list[Crossing] = []
    start = 0
    while start < len(terms):
        for size in range(min(MAX_RUN, len(terms) - start), 0, -1):
            run = tuple(terms[start : start + size])
            found = _matching(entries, " ".join(term.text for term in run))
            crossing = _crossing(run, found)
            if crossing is not None:
                crossings.append(crossing)
                start += size
                break
        else:
            start += 1
    return crossings


def _crossing(run: tuple[TextTerm, ...], found: list[_Entry]) -> Crossing | None:
    typed_key = normalised(" ".join(term.text for term in run))
    crossing = Crossing(terms=run)
    seen = {typed_key}
    for entry in found:
        for text, reason in entry.alternatives:
            if normalised(text) not in seen:
                seen.add(normalised(text))
                crossing.alternatives.append(Alternative(TextTerm(text), reason))
        if entry.tag_id is not None and entry.tag_id not in crossing.tag_ids:
            crossing.tag_ids.append(entry.tag_id)
            crossing.tag_reasons.append(entry.tag_reason)
    if not (crossing.alternatives or crossing.tag_ids):
        return None
    return crossing


def _all_match(text: str, phrases: list[Phrase]) -> bool:
    return bool(phrases) and all(matches(text, [phrase]) for phrase in phrases)


def version_reasons(
    crossings: list[Crossing], plan: MatchPlan, text: str, other_text: str | None
) -> list[str]:
    """Why a version of a hit matched without the typed words: glossary, theme or translation.

    The plan's groups are in the order of ``crossings``. Empty when the version holds every typed
    word (its highlight says why).
    """
    reasons: list[str] = []
    groups = plan.groups
    if other_text is not None and not _all_match(text, plan.include) and plan.include:
        reasons.append(_("via translation"))
    for crossing, group in zip(crossings, groups, strict=False):
        if _all_match(text, group.typed):
            continue
        alternative = next(
            (
                alt
                for alt, phrase in zip(crossing.alternatives, group.alternatives, strict=False)
                if matches(text, [phrase])
            ),
            None,
        )
        if alternative is not None:
            reasons.append(alternative.reason)
        elif other_text is not None and matches(other_text, group.phrases):
            reasons.append(_("via translation"))
        elif crossing.tag_reasons:
            reasons.append(crossing.tag_reasons[0])
    return list(dict.fromkeys(reasons))
