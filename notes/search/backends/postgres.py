"""PostgreSQL: a table of (claim_id, tsvector) with a GIN index.

The tsvector and tsquery are written as literals (``'泛化':1A``, ``'泛化' <-> '化能'``) and cast,
not parsed with to_tsvector: the Python tokeniser has already decided the tokens, and casting
applies no further parsing. Body tokens carry weight A, speaker names C; filter tokens are
prefixed ``~`` (no word token has one) and carry no position. The ``public`` column is checked on
the heap row the match reads anyway.
"""

from __future__ import annotations

from collections import defaultdict

from notes.models import TaggedClaim

from ..documents import ClaimDocument
from ..plan import META_ALL, MatchPlan, Phrase, TermGroup
from .base import INDEX_TABLE, Scope, SearchBackend
from .pg_route import Route, choose_route, statistics

_MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
_CHUNK = 500


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _meta(token: str) -> str:
    return _quote("~" + token)


def tsvector_literal(document: ClaimDocument) -> str:
    """The tsvector text for a document: positions (and weights) for words, none for filters."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for tokens, weight in ((document.body, "A"), (document.extra, "C")):
        position += 1  # a gap, so no phrase spans the text and the speaker name
        for token in tokens:
            position += 1
            if position > _MAX_POSITION:
                break
            positions[token].append(f"{position}{weight}")
    words = [f"{_quote(token)}:{','.join(marks)}" for token, marks in positions.items()]
    return " ".join(words + [_meta(token) for token in document.meta])


def _phrase(phrase: Phrase) -> str:
    parts = [_quote(t.text) + (":*" if t.prefix else "") for t in phrase]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _group(group: TermGroup) -> str:
    typed = "(" + " & ".join(_phrase(p) for p in group.typed) + ")"
    options = [typed, *(_phrase(p) for p in group.alternatives), *(_meta(t) for t in group.tags)]
    return "(" + " | ".join(options) + ")"


class PostgresBackend(SearchBackend):
    # A GIN match is a bitmap of every matching row, and an ordered LIMIT over it reads them
    # all: lists without words (speaker:, #tag, lang:, kind:, nothing) walk notes_claim's own
    # indexes newest first instead (searching.plain_matches).
    plain_filters = True

    def render(self, plan: MatchPlan) -> str:
        """The tsquery text for a plan."""
        parts = [_phrase(p) for p in plan.include]
        parts += [_group(group) for group in plan.groups]
        parts += [_meta(token) for token in plan.meta_all]
        parts += ["(" + " | ".join(_meta(t) for t in group) + ")" for group in plan.meta_any]
        expression = " & ".join(parts) or _meta(META_ALL)
        if plan.exclude:
            excluded = " | ".join(_phrase(p) for p in plan.exclude)
            expression = f"({expression}) & !({excluded})"
        return expression

    def route(self, plan: MatchPlan, cap: int, *, public_only: bool = True) -> Route:
        """How this search reads its matches (see pg_route); statistics only matter for words.
        The facet indexes hold public rows only."""
        stats = statistics(INDEX_TABLE) if plan.has_text else None
        return choose_route(plan, stats, cap, facets=public_only)

    def hits_sql(self, plan: MatchPlan, scope: Scope, cap: int) -> tuple[str, list]:
        route = self.route(plan, cap, public_only=scope.public_only)
        query = self.render(plan)
        public = " AND s.public" if scope.public_only else ""
        if route.kind == "facet":
            # The partial index's own predicate, written out as it is (the planner matches it
            # by expression); the token is one of FACET_TOKENS, never user text.
            sql = (
                f"SELECT s.claim_id AS claim_id FROM {INDEX_TABLE} s "
                f"WHERE s.public AND s.document @@ '''~{route.facet}'''::tsquery "
                "AND ts_match_vq(s.document, %s::tsquery) ORDER BY s.claim_id DESC"
            )
            return sql, [query]
        if route.kind == "walk":
            # ts_match_vq is @@ the GIN index cannot serve: the primary key read newest first.
            sql = (
                f"SELECT s.claim_id AS claim_id FROM {INDEX_TABLE} s "
                f"WHERE ts_match_vq(s.document, %s::tsquery){public} ORDER BY s.claim_id DESC"
            )
            return sql, [query]
        if route.kind == "tag":
            # A correlated check per tagged claim (a join may go parallel: 30 ms to start).
            sql = (
                f"SELECT tc.content_object_id AS claim_id FROM {TaggedClaim._meta.db_table} tc "
                "WHERE tc.tag_id = %s AND (SELECT ts_match_vq(s.document, %s::tsquery)"
                f"{public} FROM {INDEX_TABLE} s WHERE s.claim_id = tc.content_object_id) "
                "ORDER BY tc.content_object_id DESC"
            )
            return sql, [route.tag_id, query]
        # Unordered: the bitmap heap scan stops at the LIMIT (one bitmap per search).
        sql = f"SELECT s.claim_id AS claim_id FROM {INDEX_TABLE} s WHERE s.document @@ %s::tsquery"
        params = [query]
        if scope.public_only:
            sql += " AND s.public = %s"
            params.append(True)
        return sql, params

    def write(self, cursor, documents: list[ClaimDocument]) -> int:
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} (claim_id, document, public) "
            "VALUES (%s, %s::tsvector, %s) ON CONFLICT (claim_id) DO UPDATE SET "
            "document = EXCLUDED.document, public = EXCLUDED.public",
            [(d.claim_id, tsvector_literal(d), d.public) for d in documents],
        )
        return len(documents)

    def delete(self, cursor, claim_ids: list[int]) -> int:
        removed = 0
        for start in range(0, len(claim_ids), _CHUNK):
            chunk = claim_ids[start : start + _CHUNK]
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE claim_id = ANY(%s)", [chunk])
            removed += max(cursor.rowcount, 0)
        return removed

    def clear(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {INDEX_TABLE}")
