"""The search queries read the indexes after ANALYZE, on both vendors.

The corpus and the plan checks are those of tests/site/test_query_plans.py (2,000 claims, no
translations, ANALYZE; on PostgreSQL sequential scans and whole-table joins discouraged, so a scan
still shows only where no index can serve the query). Each search kind's statements are captured
and explained: none may read notes_claim or notes_taggedclaim end to end, a search with words
probes the full-text index once (one FTS5 MATCH, one GIN bitmap: with the real count cap these
2,000 claims make no word common enough for PostgreSQL's newest-first walks, whose bounded reads
test_search_routes.py checks with EXPLAIN ANALYZE), and on PostgreSQL a list without words does
not touch the full-text index at all.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notes.search import rebuild_index, search_claims
from tests.site.test_query_plans import analyzed, explain_inline, full_scans  # noqa: F401

pytestmark = pytest.mark.django_db

WITH_WORDS = {
    "word": "models",
    "prefix": "mod",
    "phrase": '"about models"',
    "word and tag": "models #plan-tag",
    "word lang kind": "models lang:en kind:key_point",
    "exclusion": "models -7",
}
WITHOUT_WORDS = {
    "speaker only": "speaker:plan-0",
    "tag only": "#plan-tag",
    "lang only": "lang:zh",
    "nothing": "",
}


@pytest.fixture
def indexed(analyzed):  # noqa: F811
    rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return analyzed


def search_plans(query: str) -> list[tuple[str, str]]:
    """(SQL, plan) of every SELECT a search runs that reads a claim table or the index."""
    with CaptureQueriesContext(connection) as captured:
        page = search_claims(query)
    assert page.hits, query  # the corpus holds matches for every query here
    plans = []
    for captured_query in captured.captured_queries:
        sql = captured_query["sql"]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and (
            "notes_claim" in sql or "notes_taggedclaim" in sql
        ):
            plans.append((sql, explain_inline(sql)))
    return plans


def index_probes(plan: str) -> int:
    if connection.vendor == "sqlite":
        return plan.count("VIRTUAL TABLE INDEX")
    return plan.count("Bitmap Index Scan on notes_claimsearch_document_gin")


@pytest.mark.parametrize("kind", list(WITH_WORDS))
def test_a_search_with_words_probes_the_index_once_and_scans_no_table(indexed, kind):
    plans = search_plans(WITH_WORDS[kind])
    assert [full_scans(plan) for _sql, plan in plans] == [[] for _ in plans]
    assert sum(index_probes(plan) for _sql, plan in plans) == 1


def bounded_walk(line: str) -> bool:
    """The newest claims of all: the primary key read backwards until the LIMIT is met
    (PostgreSQL; SQLite's rowid walk is told by sqlite_rowid_walks)."""
    return "Index Scan Backward using notes_claim_pkey" in line


def sqlite_rowid_walks(sql: str) -> int:
    """How many ``SCAN notes_claim`` of ``sql`` are walks in rowid order: no temporary B-tree
    sorts the rows of the same (sub)query, so the LIMIT stops them."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    sorted_parents = {parent for _id, parent, _n, detail in rows if "TEMP B-TREE" in detail}
    return sum(
        1
        for _id, parent, _n, detail in rows
        if detail == "SCAN notes_claim" and parent not in sorted_parents
    )


@pytest.mark.parametrize("kind", list(WITHOUT_WORDS))
def test_a_list_without_words_scans_no_table(indexed, kind):
    plans = search_plans(WITHOUT_WORDS[kind])
    walks = 0
    scans = []
    for sql, plan in plans:
        found = [s for s in full_scans(plan) if not bounded_walk(s)]
        if connection.vendor == "sqlite" and "LIMIT" in sql:
            rowid_walks = sqlite_rowid_walks(sql)
            walks += rowid_walks
            found = found[rowid_walks:] if all(s == "SCAN notes_claim" for s in found) else found
        pk_walks = sum(1 for s in full_scans(plan) if bounded_walk(s))
        assert not pk_walks or "Limit" in plan
        walks += pk_walks
        scans.append(found)
    assert scans == [[] for _ in plans]
    assert kind == "nothing" or walks == 0  # only the list of everything walks the newest
    probes = sum(index_probes(plan) for _sql, plan in plans)
    if connection.vendor == "postgresql" or kind == "nothing":
        # notes_claim's own indexes serve it (the empty search on SQLite too: its total comes
        # from the counter rows)
        assert probes == 0
        assert not any("notes_claimsearch" in sql for sql, _plan in plans)
    else:
        assert probes == 1
