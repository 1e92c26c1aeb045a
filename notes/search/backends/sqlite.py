"""SQLite: an FTS5 table (unicode61 over pre-tokenised text) whose rowid is the claim id.

Columns: body (claim text), extra (speaker names, a translation's text), meta (filter tokens).
Text terms are limited to {body extra}, filters to meta, so a word can never match a filter token.
Rows that are not public carry the filter token ``private``; public searches add ``NOT private``
to the MATCH, so visibility is served by the index itself (a token on the few rows that are not
public: the many public ones cost nothing).
"""

from __future__ import annotations

from ..documents import ClaimDocument
from ..plan import META_ALL, META_PRIVATE, MatchPlan, Phrase, TermGroup
from .base import INDEX_TABLE, Scope, SearchBackend

_TEXT_COLUMNS = "{body extra}"
# Also created by migrations 0003 and 0015. Re-created on every write because Django rebuilds a
# SQLite table (and drops its triggers) when a later migration alters notes_claim.
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
    def render(self, plan: MatchPlan, *, public_only: bool = False) -> str:
        """The FTS5 MATCH expression for a plan (and, for public searches, NOT private)."""
        parts = [_text(p) for p in plan.include]
        parts += [_group(group) for group in plan.groups]
        parts += [_meta(token) for token in plan.meta_all]
        parts += ["(" + " OR ".join(_meta(t) for t in group) + ")" for group in plan.meta_any]
        expression = " AND ".join(parts) or _meta(META_ALL)
        excluded = [_text(p) for p in plan.exclude]
        if public_only:
            excluded.append(_meta(META_PRIVATE))
        if excluded:
            expression = f"({expression}) NOT ({' OR '.join(excluded)})"
        return expression

    def hits_sql(self, plan: MatchPlan, scope: Scope) -> tuple[str, list]:
        # Newest first: FTS5 walks rowids backwards cheaply and stops at the LIMIT.
        sql = (
            f"SELECT rowid AS claim_id FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH %s "
            "ORDER BY rowid DESC"
        )
        return sql, [self.render(plan, public_only=scope.public_only)]

    def write(self, cursor, documents: list[ClaimDocument]) -> int:
        cursor.execute(_DELETE_TRIGGER)
        self.delete(cursor, [d.claim_id for d in documents])
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} (rowid, body, extra, meta) VALUES (%s, %s, %s, %s)",
            [
                (
                    d.claim_id,
                    " ".join(d.body),
                    " ".join(d.extra),
                    " ".join(d.meta if d.public else [*d.meta, META_PRIVATE]),
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
