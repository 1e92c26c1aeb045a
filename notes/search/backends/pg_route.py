"""Which way a PostgreSQL search reads its matches, from how common its words are.

A GIN match is a bitmap of every row holding the query's lexemes, built before the first row is
returned: cheap for a rare word, and for a common one (``泛化能力``: 243,000 rows at a million
claims, 110 ms) far more than the count cap needs. Three routes give the matches:

* ``gin``: the bitmap (as before), for queries whose rarest required part is rare;
* ``walk``: the index read newest first along its primary key, each row's tsvector checked,
  until the cap is met: a common query finds its 1,001 matches in a few thousand rows;
* ``tag``: the claims of one tag the query requires, newest first along notes_taggedclaim's
  (tag, claim) index, each checked against the whole query: a common word inside a tag of
  50,000 claims;
* ``facet``: the walk along the partial index of one language or kind the query requires
  (migration 0020: the public index rows carrying ``~langen``, ``~kindkeypoint``...), so only
  rows passing that filter are read: ``generaliz lang:en kind:key_point``.

The choice compares estimated rows read, from the planner's own statistics of the tsvector column
(``pg_stats.most_common_elems``: the thousand commonest lexemes and their frequencies; a lexeme
not among them is at most as common as the least of them). Phrases count as their rarest token
(the bigrams of one Chinese word occur together, so the planner's product of their frequencies
undercounts them fivefold), alternatives as the sum of theirs, required parts as independent.
Without statistics (never analysed) every search takes the bitmap, as it always did. The routes
give the same matches when there are no more than the cap; above it, the walks give the newest
``cap`` (as SQLite's newest-first probe does) and the bitmap an arbitrary ``cap`` of them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.db import connection

from ..plan import MatchPlan, Phrase, TermGroup

STATISTICS_TTL = 300.0  # seconds a process keeps the statistics (they change on ANALYZE)
GIN_ENTRY_COST = 0.25  # one posting entry gathered into the bitmap, in walk-row units
LOOKUP_COST = 4.0  # one claim of a tag looked up by id and checked, in walk-row units
_TAG_TOKEN = re.compile(r"tag(\d+)")
# The filter tokens with a partial index of their own (migration 0020_search_facets).
FACET_TOKENS = frozenset(
    {
        *("langzh", "langen", "langmixed", "langother"),
        *("kindkeypoint", "kindhighlight", "kinddialogue", "kindpassage"),
    }
)


@dataclass(frozen=True)
class Statistics:
    """The index's row count and its commonest lexemes' frequencies (share of rows)."""

    rows: float
    frequencies: dict[str, float]
    floor: float  # the least frequency listed: an unlisted lexeme is no more common

    def frequency(self, lexeme: str, prefix: bool = False) -> float:
        if not prefix:
            return self.frequencies.get(lexeme, self.floor)
        listed = [f for word, f in self.frequencies.items() if word.startswith(lexeme)]
        return min(1.0, sum(listed)) if listed else self.floor


_cache: dict[str, tuple[float, Statistics | None]] = {}


def forget_statistics() -> None:
    """Read the statistics again on the next search (after an ANALYZE, in tests)."""
    _cache.clear()


def statistics(table: str) -> Statistics | None:
    """The statistics of ``table``'s document column (None when never analysed), kept for
    STATISTICS_TTL seconds per database."""
    key = f"{connection.settings_dict['NAME']}:{table}"
    cached = _cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < STATISTICS_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT st.most_common_elems::text::text[], st.most_common_elem_freqs, c.reltuples "
            "FROM pg_class c JOIN pg_stats st ON st.schemaname = current_schema() "
            "AND st.tablename = c.relname AND st.attname = 'document' "
            "WHERE c.oid = %s::regclass",
            [table],
        )
        row = cursor.fetchone()
    found = None
    if row and row[0] and row[1] and row[2] and row[2] > 0:
        lexemes, frequencies, rows = row
        found = Statistics(
            rows=float(rows),
            frequencies=dict(zip(lexemes, frequencies[: len(lexemes)], strict=True)),
            # PostgreSQL stores the least frequency after the list's own ones.
            floor=float(frequencies[len(lexemes)] if len(frequencies) > len(lexemes) else 0.0),
        )
    _cache[key] = (time.monotonic(), found)
    return found


@dataclass(frozen=True)
class Route:
    kind: str  # "gin", "walk", "tag" or "facet"
    tag_id: int | None = None
    facet: str | None = None  # the filter token whose partial index a "facet" walk reads


def _meta(stats: Statistics, token: str) -> float:
    return stats.frequency("~" + token)


def _phrase(stats: Statistics, phrase: Phrase) -> float:
    return min(stats.frequency(t.text, t.prefix) for t in phrase)


def _group(stats: Statistics, group: TermGroup) -> float:
    typed = min(_phrase(stats, p) for p in group.typed)
    others = sum(_phrase(stats, p) for p in group.alternatives)
    return min(1.0, typed + others + sum(_meta(stats, t) for t in group.tags))


def required_parts(
    plan: MatchPlan, stats: Statistics
) -> list[tuple[float, int | None, str | None]]:
    """(Estimated frequency, tag id when the part is one tag, filter token when the part is one
    language or kind with its own index) of every part a match needs."""
    parts: list[tuple[float, int | None, str | None]] = [
        (_phrase(stats, p), None, None) for p in plan.include
    ]
    parts += [(_group(stats, g), None, None) for g in plan.groups]
    for token in plan.meta_all:
        tag = _TAG_TOKEN.fullmatch(token)
        parts.append((_meta(stats, token), int(tag.group(1)) if tag else None, None))
    for group in plan.meta_any:
        facet = group[0] if len(group) == 1 and group[0] in FACET_TOKENS else None
        parts.append((min(1.0, sum(_meta(stats, t) for t in group)), None, facet))
    return parts


def choose_route(
    plan: MatchPlan, stats: Statistics | None, cap: int, *, facets: bool = True
) -> Route:
    """The route reading the fewest rows (estimated) to find ``cap`` matches of ``plan``.
    ``facets``: whether the partial indexes of languages and kinds may serve (public searches)."""
    if stats is None or not plan.has_text:
        return Route("gin")
    parts = required_parts(plan, stats)
    share = 1.0
    for frequency, _tag, _facet in parts:
        share *= frequency
    matches = max(share * stats.rows, 1.0)
    costs = {
        Route("gin"): min(f for f, _tag, _facet in parts) * stats.rows * GIN_ENTRY_COST,
        Route("walk"): min(stats.rows, cap * stats.rows / matches),
    }
    for frequency, tag, facet in parts:
        if tag is not None:
            tagged = frequency * stats.rows
            costs[Route("tag", tag)] = LOOKUP_COST * min(tagged, cap * tagged / matches)
        if facet is not None and facets:
            # Read along a partial index: a row costs what a row of the plain walk does.
            narrowed = frequency * stats.rows
            costs[Route("facet", facet=facet)] = min(narrowed, cap * narrowed / matches)
    return min(costs, key=costs.get)
