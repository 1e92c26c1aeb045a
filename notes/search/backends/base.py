"""SQL shared by the backends: counting, the newest list, and ranking a bounded candidate set.

Each index row carries, besides its tokens, ``public`` (talk public and claim not hidden when it
was indexed), ``tier`` (0 for key points and highlights) and the talk's ``published`` date.

* count and newest check notes_claim and notes_talk, so the rows have the last word on visibility
  and a stale index row (a claim deleted behind the index's back) can never surface;
* ranking reads the index alone (a join before the LIMIT let PostgreSQL's planner hash the whole
  claim table); search_claims re-checks the claims it loads for the page.

``public`` is a column, not a token in the MATCH: FTS5's bm25() counts every row holding each
phrase of the query, and a token on 95% of the rows made every ranked search pay for a scan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from notes.models import Claim, ClaimStatus, Talk

from ..documents import ClaimDocument
from ..plan import MatchPlan

INDEX_TABLE = "notes_claimsearch"


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


class SearchBackend:
    """Renders a MatchPlan for one database and runs the searches. Subclasses fill in the hooks."""

    index_from: str  # the FROM item for the index table
    index_alias: str  # how the index table is named in conditions
    id_column: str  # the claim id in the index
    score_order: str  # "ASC" when a lower score is better (bm25), else "DESC"

    # --- hooks -----------------------------------------------------------------------------
    def render(self, plan: MatchPlan) -> str:
        raise NotImplementedError

    def match_sql(self) -> str:
        """The condition that the index row matches; one parameter, the rendered plan."""
        raise NotImplementedError

    def candidates_sql(self, plan: MatchPlan, scope: Scope) -> tuple[str, list]:
        """SELECT claim_id, score, tier, published FROM the index WHERE it matches (no LIMIT:
        the caller adds it)."""
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
    def index_conditions(self, plan: MatchPlan, scope: Scope) -> tuple[list[str], list]:
        """The match, and the index's own public flag when only public claims are wanted."""
        conditions, params = [self.match_sql()], [self.render(plan)]
        if scope.public_only:
            conditions.append(f"{self.index_alias}.public = %s")
            params.append(True)
        return conditions, params

    def _from_where(self, plan: MatchPlan, scope: Scope) -> tuple[str, list]:
        qn = connection.ops.quote_name
        index_conditions, index_params = self.index_conditions(plan, scope)
        row_conditions, row_params = scope.row_conditions()
        sql = (
            f"FROM {self.index_from} "
            f"JOIN {qn(Claim._meta.db_table)} c ON c.id = {self.id_column} "
            f"JOIN {qn(Talk._meta.db_table)} t ON t.id = c.talk_id "
            f"WHERE {' AND '.join([*index_conditions, *row_conditions])}"
        )
        return sql, [*index_params, *row_params]

    def count(self, plan: MatchPlan, scope: Scope, limit: int) -> int:
        """How many claims match, counting no further than ``limit``.

        The index is probed alone with an unordered LIMIT, then the (at most ``limit``) rows are
        checked against notes_claim and notes_talk: joining first let PostgreSQL walk the whole
        primary key, detoasting every document, when a filter matched a few percent of rows.
        """
        qn = connection.ops.quote_name
        conditions, params = self.index_conditions(plan, scope)
        row_conditions, row_params = scope.row_conditions()
        sql = (
            f"SELECT COUNT(*) FROM (SELECT {self.id_column} AS claim_id FROM {self.index_from} "
            f"WHERE {' AND '.join(conditions)} LIMIT %s) hits "
            f"JOIN {qn(Claim._meta.db_table)} c ON c.id = hits.claim_id "
            f"JOIN {qn(Talk._meta.db_table)} t ON t.id = c.talk_id "
            f"WHERE {' AND '.join(row_conditions) or '1 = 1'}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, *row_params])
            return cursor.fetchone()[0]

    def newest_ids(self, plan: MatchPlan, scope: Scope, offset: int, limit: int) -> list[int]:
        """Matching claim ids, newest (highest id) first."""
        from_where, params = self._from_where(plan, scope)
        sql = f"SELECT c.id {from_where} ORDER BY {self.id_column} DESC LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def ranked_ids(
        self, plan: MatchPlan, scope: Scope, offset: int, limit: int, candidates: int
    ) -> list[int]:
        """Matching claim ids ranked: key points and highlights first, then relevance, then
        recency (talk published, then newest claim). Only ``candidates`` matches are scored and
        sorted: ranking every hit of a common word is the slow path."""
        candidate_sql, params = self.candidates_sql(plan, scope)
        sql = (
            f"SELECT claim_id FROM ({candidate_sql} LIMIT %s) candidates "
            f"ORDER BY tier, score {self.score_order}, published DESC NULLS LAST, claim_id DESC "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, candidates, limit, offset])
            return [row[0] for row in cursor.fetchall()]
