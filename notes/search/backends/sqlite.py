"""SQLite: an FTS5 table (unicode61 over pre-tokenised text) whose rowid is the claim id.

Columns: body (claim text), extra (speaker names, a translation's text), meta (filter tokens).
Text terms are limited to {body extra}, filters to meta, so a word can never match a filter token.
Rows that are not public carry the filter token ``private``; public searches add ``NOT private``
to the MATCH, so visibility is served by the index itself (a token on the few rows that are not
public: the many public ones cost nothing).

Prefixes: FTS5 answers ``"generaliz"*`` by merging the whole doclist of every word with that
prefix before returning the first row (3 ms at 100,000 claims, ten times that at a million),
while an OR of whole words is read lazily and stops at the LIMIT. Every Latin word written to the
index is also kept in ``notes_searchterm`` (one row per distinct word), and a Latin prefix is
expanded, inside the same statement, into the OR of the words it starts (at most
MAX_EXPANSION; more than that, or none known, keeps the ``*`` form).
"""

from __future__ import annotations

from ..documents import ClaimDocument
from ..plan import META_ALL, META_PRIVATE, MatchPlan, Phrase, TermGroup
from ..tokenizer import is_cjk
from .base import INDEX_TABLE, Scope, SearchBackend

TERM_TABLE = "notes_searchterm"  # every Latin word in the index, for prefix expansion
MAX_EXPANSION = 32

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


class _Match:
    """A MATCH expression being written: literal text, and SQL pieces that compute text."""

    def __init__(self, expand: bool):
        self.expand = expand
        self.pieces: list[tuple[str, list]] = []  # (SQL, params), concatenated with ||

    def add(self, text: str) -> None:
        self.pieces.append(("%s", [text]))

    def phrase(self, phrase: Phrase) -> None:
        """A text phrase; with ``expand``, a Latin prefix as the OR of the words it starts."""
        last = phrase[-1]
        if not (self.expand and last.prefix and not is_cjk(last.text[0])):
            self.add(f"{_TEXT_COLUMNS} : {_phrase(phrase)}")
            return
        lead = '"' + "".join(token.text + " " for token in phrase[:-1])
        upper = last.text[:-1] + chr(ord(last.text[-1]) + 1)
        self.add(f"{_TEXT_COLUMNS} : ")
        self.pieces.append(
            (
                "(SELECT CASE WHEN COUNT(*) BETWEEN 1 AND %s "
                "THEN '(' || group_concat(%s || term || '\"', ' OR ') || ')' ELSE %s END "
                f"FROM (SELECT term FROM {TERM_TABLE} WHERE term >= %s AND term < %s "
                "ORDER BY term LIMIT %s))",
                [MAX_EXPANSION, lead, _phrase(phrase), last.text, upper, MAX_EXPANSION + 1],
            )
        )

    def sql(self) -> tuple[str, list]:
        return " || ".join(sql for sql, _ in self.pieces), [
            param for _, params in self.pieces for param in params
        ]

    def text(self) -> str:
        return "".join(params[0] for _sql, params in self.pieces)


def _write(plan: MatchPlan, public_only: bool, expand: bool) -> _Match:
    out = _Match(expand)

    def joined(items, separator, write):
        for index, item in enumerate(items):
            if index:
                out.add(separator)
            write(item)

    def group(group: TermGroup):
        out.add("((")
        joined(group.typed, " AND ", out.phrase)
        out.add(")")
        for phrase in group.alternatives:
            out.add(" OR ")
            out.phrase(phrase)
        for token in group.tags:
            out.add(" OR " + _meta(token))
        out.add(")")

    parts = [(out.phrase, p) for p in plan.include] + [(group, g) for g in plan.groups]
    parts += [(out.add, _meta(token)) for token in plan.meta_all]
    parts += [
        (out.add, "(" + " OR ".join(_meta(t) for t in tokens) + ")") for tokens in plan.meta_any
    ]
    excluded = [(out.phrase, p) for p in plan.exclude]
    if public_only:
        excluded.append((out.add, _meta(META_PRIVATE)))
    if excluded:
        out.add("(")
    if parts:
        joined(parts, " AND ", lambda part: part[0](part[1]))
    else:
        out.add(_meta(META_ALL))
    if excluded:
        out.add(") NOT (")
        joined(excluded, " OR ", lambda part: part[0](part[1]))
        out.add(")")
    return out


class SqliteBackend(SearchBackend):
    def render(self, plan: MatchPlan, *, public_only: bool = False) -> str:
        """The FTS5 MATCH expression for a plan (and, for public searches, NOT private), with
        prefixes as FTS5 writes them (``"generaliz"*``)."""
        return _write(plan, public_only, expand=False).text()

    def match_sql(self, plan: MatchPlan, *, public_only: bool = False) -> tuple[str, list]:
        """SQL computing the MATCH expression, Latin prefixes expanded (see the module)."""
        return _write(plan, public_only, expand=True).sql()

    def hits_sql(self, plan: MatchPlan, scope: Scope, cap: int) -> tuple[str, list]:
        # Newest first: FTS5 walks rowids backwards cheaply and stops at the LIMIT.
        match, params = self.match_sql(plan, public_only=scope.public_only)
        sql = (
            f"SELECT rowid AS claim_id FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ({match}) "
            "ORDER BY rowid DESC"
        )
        return sql, params

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
        tokens = {
            t for d in documents for t in (*d.body, *d.extra)
        }  # each distinct one tested once
        words = {t for t in tokens if not is_cjk(t[0])}
        cursor.executemany(
            f"INSERT OR IGNORE INTO {TERM_TABLE} (term) VALUES (%s)", [(w,) for w in sorted(words)]
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
        cursor.execute(f"DELETE FROM {TERM_TABLE}")

    def optimise(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('optimize')")
