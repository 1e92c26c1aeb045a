"""SQL shared by the backends: one statement per search that counts (capped) and returns the top
matches in their static order.

Each index row carries, besides its tokens, whether the claim was public when it was indexed (a
``private`` filter token on SQLite, a ``public`` column on PostgreSQL). A search is one probe of
the index, bounded by the count cap:

* ``hits``: at most ``cap`` matching rows, read from the index alone (an unordered LIMIT, or
  newest first where the index walks rowids backwards cheaply);
* ``visible``: those hits joined to notes_claim and notes_talk, so the rows have the last word on
  visibility and a stale index row (a claim hidden or deleted behind the index's back) can never
  surface;
* the result: the visible count, then the first ``keep`` of them in static order (key points and
  highlights first, then the talk's date, then the newest claim; newest claim only for a list
  without words), with their text when the caller re-ranks them (notes/search/ranking.py).

Counting and ranking read the same materialised hits: the index is probed once, not once to count
and once to rank. No relevance function runs in SQL: FTS5's bm25() first counts every row holding
each phrase of the query (all of a common word's rows), whatever the LIMIT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from notes.models import Claim, ClaimKind, ClaimStatus, Talk

from ..documents import ClaimDocument
from ..plan import MatchPlan

INDEX_TABLE = "notes_claimsearch"
FIRST_TIER_KINDS = (ClaimKind.KEY_POINT.value, ClaimKind.HIGHLIGHT.value)


@dataclass(frozen=True)
class Scope:
    """What the caller may see: only public claims, only one talk's claims."""

    public_only: bool = True
    talk_id: int | None = None

    def row_conditions(self) -> tuple[list[str], list]:
        """Conditions on the joined claim (c) and talk (t) rows."""
        conditions, params = [], []
        if self.public_only:
            conditions += ["t.public = %s", "c.status <> %s"]
            params += [True, ClaimStatus.HIDDEN.value]
        if self.talk_id is not None:
            conditions.append("c.talk_id = %s")
            params.append(self.talk_id)
        return conditions, params


@dataclass(frozen=True)
class Match:
    """A visible matching claim in static order: its rank tier (0 for key points and highlights),
    its talk's date, and its text when asked for (to re-rank it)."""

    claim_id: int
    tier: int = 1
    published: dt.date | None = None
    text: str | None = None


class SearchBackend:
    """Renders a MatchPlan for one database and runs the search. Subclasses fill in the hooks."""

    # True: a query without words (filters only) is served by notes_claim's own indexes
    # (searching.plain_matches) rather than by the full-text index.
    plain_filters = False

    # --- hooks -----------------------------------------------------------------------------
    def hits_sql(self, plan: MatchPlan, scope: Scope, cap: int) -> tuple[str, list]:
        """SELECT claim_id FROM the index WHERE it matches the plan (and the index's own public
        flag when only public claims are wanted); no LIMIT, the caller adds it. Newest first
        where that costs nothing (SQLite or a PostgreSQL walk), else unordered (an ordered
        LIMIT over a GIN match would read every match). ``cap``: the LIMIT the caller adds (a
        backend may choose how to read the index by it)."""
        raise NotImplementedError

    def write(self, cursor, documents: list[ClaimDocument]) -> int:
        raise NotImplementedError

    def delete(self, cursor, claim_ids: list[int]) -> int:
        raise NotImplementedError

    def clear(self, cursor) -> None:
        raise NotImplementedError

    def optimise(self, cursor) -> None:
        """Tidy the index after a rebuild (optional)."""

    # --- shared ----------------------------------------------------------------------------
    def matches(
        self, plan: MatchPlan, scope: Scope, *, cap: int, keep: int, ranked: bool
    ) -> tuple[int, list[Match]]:
        """(How many visible claims match, counting no further than ``cap``; the first ``keep``
        of them in static order). ``ranked``: order by tier and date, with each claim's text;
        else newest first, without text."""
        qn = connection.ops.quote_name
        claims, talks = qn(Claim._meta.db_table), qn(Talk._meta.db_table)
        hits_sql, hits_params = self.hits_sql(plan, scope, cap)
        row_conditions, row_params = scope.row_conditions()
        if ranked:
            order = "v.tier, v.published DESC NULLS LAST, v.id DESC"
            text = f"(SELECT text FROM {claims} WHERE id = v.id)"
        else:
            order, text = "v.id DESC", "NULL"
        sql = (
            f"WITH hits AS MATERIALIZED ({hits_sql} LIMIT %s), "
            "visible AS MATERIALIZED ("
            "SELECT c.id AS id, CASE WHEN c.kind IN (%s, %s) THEN 0 ELSE 1 END AS tier, "
            "t.published AS published "
            f"FROM hits JOIN {claims} c ON c.id = hits.claim_id "
            f"JOIN {talks} t ON t.id = c.talk_id "
            f"WHERE {' AND '.join(row_conditions) or '1 = 1'}) "
            f"SELECT (SELECT COUNT(*) FROM visible), v.id, v.tier, v.published, {text} "
            f"FROM visible v ORDER BY {order} LIMIT %s"
        )
        params = [*hits_params, cap, *FIRST_TIER_KINDS, *row_params, keep]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return 0, []
        return rows[0][0], [
            Match(claim_id, tier, _as_date(published), text)
            for _total, claim_id, tier, published, text in rows
        ]


def _as_date(value) -> dt.date | None:
    """SQLite returns a date column as text when it comes through a CTE."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
