"""PostgreSQL reads a search's matches by the GIN bitmap, a newest-first walk of the index, or a
newest-first walk of one tag's claims, by how common the query's words are (backends/pg_route).

The choice is tested on hand-made statistics and on a real corpus after ANALYZE (with the count
cap lowered so that 2,000 claims make a word common); every route gives the same hits.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notes.search import parse_query, rebuild_index, search_claims, searching
from notes.search.backends import pg_route
from notes.search.backends.pg_route import Route, Statistics, choose_route
from notes.search.filters import resolve_filters
from notes.search.plan import build_plan
from tests.site.test_query_plans import analyzed  # noqa: F401

pytestmark = pytest.mark.django_db

STATS = Statistics(
    rows=1_000_000,
    frequencies={"泛化": 0.47, "化能": 0.25, "能力": 0.37, "~tag17": 0.05, "~langen": 0.3},
    floor=0.007,
)


def plan_of(text: str, tag_groups=(), speaker_ids=None):
    return build_plan(parse_query(text), tag_groups=list(tag_groups), speaker_ids=speaker_ids)


def test_a_common_phrase_walks_the_index():
    assert choose_route(plan_of("泛化能力"), STATS, cap=1001) == Route("walk")


def test_a_rare_word_takes_the_bitmap():
    assert choose_route(plan_of("熵"), STATS, cap=1001) == Route("gin")


def test_a_common_word_in_one_tag_walks_the_tag():
    assert choose_route(plan_of("泛化", tag_groups=[[17]]), STATS, cap=1001) == Route("tag", 17)


def test_a_rare_word_in_a_tag_takes_the_bitmap():
    assert choose_route(plan_of("熵", tag_groups=[[17]]), STATS, cap=1001) == Route("gin")


def test_without_statistics_every_search_takes_the_bitmap():
    assert choose_route(plan_of("泛化能力"), None, cap=1001) == Route("gin")


def test_a_prefix_counts_every_listed_word_it_starts():
    stats = Statistics(rows=100, frequencies={"general": 0.2, "generalize": 0.3}, floor=0.01)
    assert stats.frequency("general", prefix=True) == pytest.approx(0.5)
    assert stats.frequency("general") == pytest.approx(0.2)
    assert stats.frequency("zzz", prefix=True) == pytest.approx(0.01)


# --- on PostgreSQL, after ANALYZE --------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the routes are PostgreSQL's"
)


@pytest.fixture
def routed(analyzed, monkeypatch):  # noqa: F811
    """The plan corpus indexed and analysed, and a count cap of 10 (2,000 claims then make
    ``models`` common)."""
    rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pg_route.forget_statistics()
    monkeypatch.setattr(searching, "COUNT_CAP", 10)
    return analyzed


def route_taken(query: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        search_claims(query)
    statements = [q["sql"] for q in captured.captured_queries if "notes_claimsearch s" in q["sql"]]
    assert len(statements) == 1
    sql = statements[0]
    if "notes_taggedclaim tc" in sql:
        return "tag"
    return "walk" if "ts_match_vq" in sql else "gin"


def forced(monkeypatch, route: Route, query: str):
    monkeypatch.setattr(
        "notes.search.backends.postgres.choose_route", lambda plan, stats, cap, **_: route
    )
    page = search_claims(query, per_page=100)
    return page.total_label, [hit.claim.pk for hit in page.hits]


@postgres_only
def test_the_choice_follows_the_statistics(routed):
    assert route_taken("models") == "walk"  # every claim
    assert route_taken(f"models #{routed['tag'].slug}") == "tag"  # a fifth of them
    assert route_taken("39") == "gin"  # one talk's claims and a few more


@postgres_only
def test_every_route_gives_the_same_hits(routed, monkeypatch):
    monkeypatch.setattr(searching, "COUNT_CAP", 1000)
    query = f"39 #{routed['tag'].slug}"
    tag_id = routed["tag"].pk
    results = {route: forced(monkeypatch, route, query) for route in
               (Route("gin"), Route("walk"), Route("tag", tag_id))}  # fmt: skip
    gin = results[Route("gin")]
    assert gin[1]  # the query has matches
    assert results == {route: gin for route in results}


@postgres_only
def test_above_the_cap_both_walks_read_the_newest_matches(routed, monkeypatch):
    query = f"models #{routed['tag'].slug}"
    walk = forced(monkeypatch, Route("walk"), query)
    tag = forced(monkeypatch, Route("tag", routed["tag"].pk), query)
    assert walk == tag
    assert walk[0] == "10+"


def explained_hits(text: str, cap: int) -> tuple[Route, dict]:
    """The route a search takes and the EXPLAIN ANALYZE of its index read (LIMIT ``cap``)."""
    from notes.search.backends.postgres import PostgresBackend

    query = parse_query(text)
    resolved = resolve_filters(query)
    plan = build_plan(query, tag_groups=resolved.tag_groups, speaker_ids=resolved.speaker_ids)
    backend = PostgresBackend()
    sql, params = backend.hits_sql(plan, searching.Scope(), cap)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql} LIMIT {cap}", params)
        return backend.route(plan, cap), cursor.fetchone()[0][0]["Plan"]


@postgres_only
def test_a_walk_reads_only_what_the_cap_needs(routed):
    """EXPLAIN ANALYZE of the walk: the index read backwards, stopping at the cap (every claim
    holds the word), nowhere near the 2,000 rows."""
    route, explained = explained_hits("models", 11)
    assert route == Route("walk")
    scan = explained["Plans"][0]
    assert scan["Node Type"] == "Index Scan" and scan["Scan Direction"] == "Backward"
    assert scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0) <= 50


@postgres_only
def test_a_tag_walk_reads_only_what_the_cap_needs(routed):
    """EXPLAIN ANALYZE of the tag walk: the tag's links read backwards, one index row checked per
    link, stopping at the cap, nowhere near the tag's 400 claims."""
    route, explained = explained_hits(f"models #{routed['tag'].slug}", 11)
    assert route == Route("tag", routed["tag"].pk)
    links = explained["Plans"][0]
    assert links["Relation Name"] == "notes_taggedclaim" and links["Scan Direction"] == "Backward"
    assert links["Actual Rows"] + links.get("Rows Removed by Filter", 0) <= 50
    checks = [node for node in links.get("Plans", []) if node.get("Subplan Name")]
    assert checks and all(node["Actual Loops"] <= 50 for node in checks)
