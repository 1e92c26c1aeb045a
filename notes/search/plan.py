"""What the index is asked: text phrases as token lists, and filter tokens. Backend-neutral.

A backend renders a MatchPlan into its own syntax (FTS5 MATCH text, a PostgreSQL tsquery).
Filters live in the index as *meta tokens* (``tag12``, ``spk5``, ``talk9``, ``langzh``,
``kindkeypoint``, ``all`` on every row, and on SQLite ``private`` on rows not public), so text +
filters is one index probe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .query_parser import SearchQuery, TextTerm
from .tokenizer import run_tokens, segments

META_ALL = "all"
META_PRIVATE = "private"  # SQLite: on rows that are not public (see backends/sqlite.py)


def meta_tag(tag_id: int) -> str:
    return f"tag{tag_id}"


def meta_speaker(speaker_id: int) -> str:
    return f"spk{speaker_id}"


def meta_talk(talk_id: int) -> str:
    return f"talk{talk_id}"


def meta_language(language: str) -> str:
    return f"lang{language}"


def meta_kind(kind: str) -> str:
    return "kind" + kind.replace("_", "")  # unicode61 would split at "_"


@dataclass(frozen=True)
class QueryToken:
    """One token of a query phrase; ``prefix`` matches any indexed token starting with it."""

    text: str
    prefix: bool = False


Phrase = tuple[QueryToken, ...]


def term_tokens(term: TextTerm) -> Phrase:
    """The tokens a text term must match, adjacent and in order.

    Mirrors the index: a Chinese run gives its bigrams, plus its lone last character when more
    text follows in the term (the index has that character there too). The term's last token is a
    prefix when it is one Chinese character (熵 inside 熵增) or a bare Latin word of two or more
    letters (generaliz -> generalization); quoted Latin words match whole words only.
    """
    parts = segments(term.text)
    tokens: list[QueryToken] = []
    for index, segment in enumerate(parts):
        last = index == len(parts) - 1
        if segment.cjk and len(segment.text) == 1:
            tokens.append(QueryToken(segment.text, prefix=last))
        elif segment.cjk:
            pieces = run_tokens(segment.text, True, trailing_char=not last)
            tokens.extend(QueryToken(piece) for piece in pieces)
        else:
            word = run_tokens(segment.text, False)[0]
            tokens.append(QueryToken(word, prefix=last and not term.phrase and len(word) >= 2))
    return tuple(tokens)


@dataclass
class TermGroup:
    """Words typed in one language and the same meaning in the other: a hit matches all of
    ``typed``, or one of ``alternatives``, or carries one of the ``tags`` (meta tokens)."""

    typed: list[Phrase]
    alternatives: list[Phrase] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def phrases(self) -> list[Phrase]:
        return [*self.typed, *self.alternatives]


@dataclass
class MatchPlan:
    """A hit matches every ``include`` phrase, every ``groups`` entry, no ``exclude`` phrase, every
    ``meta_all`` token and at least one token of each ``meta_any`` group. ``impossible``: a filter
    named nothing."""

    include: list[Phrase] = field(default_factory=list)
    groups: list[TermGroup] = field(default_factory=list)
    exclude: list[Phrase] = field(default_factory=list)
    meta_all: list[str] = field(default_factory=list)
    meta_any: list[list[str]] = field(default_factory=list)
    impossible: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.include or self.groups)

    @property
    def text_phrases(self) -> list[Phrase]:
        """Every phrase a hit's text may show: typed words and their other-language forms."""
        return [*self.include, *(phrase for group in self.groups for phrase in group.phrases)]


def build_plan(
    query: SearchQuery,
    *,
    tag_groups: list[list[int]],
    speaker_ids: list[int] | None,
    impossible: bool = False,
    talk_id: int | None = None,
    crossings: list | None = None,
) -> MatchPlan:
    """Turn a parsed query and its resolved filters into a MatchPlan.

    ``tag_groups``: one list of tag ids per tag/theme the query named (a claim needs one of each);
    ``speaker_ids``: the speakers a claim may be by, or None for any speaker. ``talk_id`` narrows
    to one talk in the index too (searches still check the claim rows). ``crossings``
    (notes.search.crossing.Crossing) turn the typed words they cover into a TermGroup.
    """
    plan = MatchPlan(impossible=impossible)
    if talk_id is not None:
        plan.meta_all.append(meta_talk(talk_id))
    crossed = {term for crossing in crossings or [] for term in crossing.terms}
    plan.include = [p for p in (term_tokens(t) for t in query.terms if t not in crossed) if p]
    for crossing in crossings or []:
        typed = [p for p in (term_tokens(t) for t in crossing.terms) if p]
        if typed:
            plan.groups.append(
                TermGroup(
                    typed=typed,
                    alternatives=[
                        p for p in (term_tokens(t) for t in crossing.alternative_terms) if p
                    ],
                    tags=[meta_tag(tag_id) for tag_id in crossing.tag_ids],
                )
            )
    plan.exclude = [p for p in (term_tokens(t) for t in query.excluded) if p]
    for group in tag_groups:
        if not group:
            plan.impossible = True
        elif len(group) == 1:
            plan.meta_all.append(meta_tag(group[0]))
        else:
            plan.meta_any.append([meta_tag(t) for t in group])
    if speaker_ids is not None:
        if not speaker_ids:
            plan.impossible = True
        plan.meta_any.append([meta_speaker(s) for s in speaker_ids])
    if query.languages:
        plan.meta_any.append([meta_language(lang) for lang in query.languages])
    if query.kinds:
        plan.meta_any.append([meta_kind(kind) for kind in query.kinds])
    plan.meta_any = [sorted(set(g)) for g in plan.meta_any if g]
    return plan
