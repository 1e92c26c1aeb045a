"""SQLite: an FTS5 table (unicode61 over pre-tokenised text) whose rowid is the claim id.

Columns: body (claim text), extra (speaker names), meta (filter tokens), and the unindexed public,
tier and published. Text terms are limited to {body extra}, filters to meta, so a word can never
match a filter token.
"""

from __future__ import annotations

from ..documents import ClaimDocument
from ..plan import META_ALL, MatchPlan, Phrase, TermGroup
from .base import INDEX_TABLE, Scope, SearchBackend

_TEXT_COLUMNS = "{body extra}"
# Also created by migration 0003. Re-created on every write because Django rebuilds a SQLite table
# (and drops its triggers) when a later migration alters notes_claim.
_DELETE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS notes_claimsearch_claim_deleted AFTER DELETE ON notes_claim "
    f"BEGIN DELETE FROM {INDEX_TABLE} WHERE rowid = old.id; END"
)
_CHUNK = 500  # ids per IN (...) list


def _phrase(phrase: Phrase) -> str:
    # FTS5 allows a prefix only on a phrase's last token; term_tokens never makes another one.
    text = '"' + " ".join(token.text for token in phrase) + '"'
    return text + "*" if phrase[-1].prefix else text


def _meta(token: str) -> str:
    return f'meta : "{token}"'


def _text(phrase: Phrase) -> str:
    return f"{_TEXT_COLUMNS} : {_phrase(phrase)}"


def _group(group: TermGroup) -> str:
    typed = "(" + " AND ".join(_text(p) for p in group.typed) + ")"
    options = [typed, *(_text(p) for p in group.alternatives), *(_meta(t) for t in group.tags)]
    return "(" + " OR ".join(options) + ")"


class SqliteBackend(SearchBackend):
    index_from = INDEX_TABLE
    index_alias = INDEX_TABLE
    id_column = f"{INDEX_TABLE}.rowid"
    score_order = "ASC"  # bm25(): more negative is better

    def render(self, plan: MatchPlan) -> str:
        """The FTS5 MATCH expression for a plan."""
        parts = [_text(p) for p in plan.include]
        parts += [_group(group) for group in plan.groups]
        parts += [_meta(token) for token in plan.meta_all]
        parts += ["(" + " OR ".join(_meta(t) for t in group) + ")" for group in plan.meta_any]
        expression = " AND ".join(parts) or _meta(META_ALL)
        if plan.exclude:
            excluded = " OR ".join(f"{_TEXT_COLUMNS} : {_phrase(p)}" for p in plan.exclude)
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def match_sql(self) -> str:
        return f"{INDEX_TABLE} MATCH %s"

    def candidates_sql(self, plan: MatchPlan, scope: Scope) -> tuple[str, list]:
        # Newest first: FTS5 walks rowids backwards cheaply, and recent claims make better
        # candidates. bm25 weights: text 1, speaker names 0.2, filter tokens 0.
        conditions, params = self.index_conditions(plan, scope)
        sql = (
            f"SELECT rowid AS claim_id, bm25({INDEX_TABLE}, 1.0, 0.2, 0.0) AS score, "
            f"tier, published FROM {INDEX_TABLE} WHERE {' AND '.join(conditions)} "
            "ORDER BY rowid DESC"
        )
        return sql, params

    def write(self, cursor, documents: list[ClaimDocument]) -> int:
        cursor.execute(_DELETE_TRIGGER)
        self.delete(cursor, [d.claim_id for d in documents])
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} (rowid, body, extra, meta, public, tier, published) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    d.claim_id,
                    " ".join(d.body),
                    " ".join(d.extra),
                    " ".join(d.meta),
                    d.public,
                    d.tier,
                    d.published.isoformat() if d.published else None,
                )
                for d in documents
            ],
        )
        return len(documents)

    def delete(self, cursor, claim_ids: list[int]) -> int:
        removed = 0
        for start in range(0, len(claim_ids), _CHUNK):
            chunk = claim_ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE rowid IN ({marks})", chunk)
            removed += max(cursor.rowcount, 0)
        return removed

    def clear(self, cursor) -> None:
        cursor.execute(_DELETE_TRIGGER)
        cursor.execute(f"DELETE FROM {INDEX_TABLE}")

    def optimise(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('optimize')")
