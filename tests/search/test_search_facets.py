"""Migration 0020's indexes (PostgreSQL) and what a search page costs in statements.

* A word narrowed by ``lang:``/``kind:`` walks the partial index of one of those filters (route
  ``facet``), reading only rows that pass it, and gives the same hits as the plain walk.
* The title match is answered from the trigram index of the title keys.
* The empty search takes its total from the talks' counter rows (both vendors).
* A search page runs a fixed number of statements.
"""

import importlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notes.models import ClaimKind, Language, TalkCount
from notes.search import parse_query, rebuild_index, search_claims, searching
from notes.search.backends.pg_route import FACET_TOKENS, Route, Statistics, choose_route
from notes.search.plan import meta_kind, meta_language
from tests.factories import TalkFactory
from tests.search.test_search_routes import (  # noqa: F401
    STATS,
    explained_hits,
    forced,
    plan_of,
    postgres_only,
    routed,
)
from tests.site.test_query_plans import analyzed  # noqa: F401

pytestmark = pytest.mark.django_db

migration = importlib.import_module("notes.migrations.0020_search_facets")


def test_every_language_and_kind_has_a_facet_index():
    tokens = {meta_language(v) for v in Language.values} | {meta_kind(v) for v in ClaimKind.values}
    assert tokens == FACET_TOKENS
    assert set(migration.FACET_TOKENS) == tokens


def test_a_common_word_narrowed_by_a_rare_filter_walks_its_index():
    plan = plan_of("泛化 kind:highlight")
    stats = Statistics(STATS.rows, {**STATS.frequencies, "~kindhighlight": 0.05}, STATS.floor)
    assert choose_route(plan, stats, cap=1001) == Route("facet", facet="kindhighlight")
    assert choose_route(plan, stats, cap=1001, facets=False).kind != "facet"  # not public


def test_two_languages_are_no_single_facet():
    plan = plan_of("泛化 lang:en lang:zh")
    assert choose_route(plan, STATS, cap=1001).kind != "facet"


@postgres_only
def test_the_facet_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('notes_claimsearch', 'notes_talk', 'notes_claim')"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {migration.index_name(token) for token in FACET_TOKENS} <= names
    assert {"notes_talk_title_key_trgm", "notes_claim_visible"} <= names


@postgres_only
def test_a_filtered_word_walks_the_filter_index_only_as_far_as_the_cap(routed):  # noqa: F811
    """EXPLAIN ANALYZE: the kind's partial index read backwards, stopping near the cap."""
    route, explained = explained_hits("models lang:en kind:key_point", 11)
    assert route == Route("facet", facet="kindkeypoint")
    scan = explained["Plans"][0]
    assert scan["Node Type"] == "Index Scan" and scan["Scan Direction"] == "Backward"
    assert scan["Index Name"] == "notes_claimsearch_kindkeypoint"
    assert scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0) <= 50


@postgres_only
def test_the_facet_walk_gives_the_walks_hits(routed, monkeypatch):  # noqa: F811
    query = "models lang:en kind:key_point"
    walk = forced(monkeypatch, Route("walk"), query)
    facet = forced(monkeypatch, Route("facet", facet="kindkeypoint"), query)
    assert walk[1] and facet == walk


@postgres_only
def test_the_title_match_can_be_read_from_the_trigram_index(analyzed):  # noqa: F811
    """With every other way of reading notes_talk off, the LIKE is still served by an index: the
    trigram one. (Which way the planner takes depends on the talks' number: at this test's 41
    talks reading every key is cheaper; at the bench's 1,000 and 10,000 it takes the index.)"""
    TalkFactory(title="Entropy and generalisation", slug="entropy")
    with CaptureQueriesContext(connection) as captured:
        talks = searching.matching_talks(parse_query("entropy"))
    assert [talk.slug for talk in talks] == ["entropy"]
    (sql,) = [q["sql"] for q in captured.captured_queries if "title_key" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on notes_talk_title_key_trgm" in plan
    assert "Seq Scan on notes_talk u" not in plan


def test_the_title_match_escapes_like_wildcards(analyzed):  # noqa: F811
    assert searching.matching_talks(parse_query("plan%talk")) == []
    assert searching.matching_talks(parse_query("plan_talk")) == []
    assert len(searching.matching_talks(parse_query("plan talk"))) == searching.TALKS_SHOWN


def test_the_empty_search_counts_from_the_talk_counters(analyzed):  # noqa: F811
    """The total is the sum of the counter rows (here made to disagree with the table)."""
    assert search_claims("").total == searching.COUNT_CAP  # 2,000 claims, capped
    TalkCount.objects.update(claims=3)
    talks = TalkCount.objects.count()
    assert 3 * talks <= searching.COUNT_CAP
    assert search_claims("").total == 3 * talks
    with CaptureQueriesContext(connection) as captured:
        page = search_claims("")
    assert len(page.hits) == 20  # the newest claims still come from the table
    assert len(captured.captured_queries) == 2  # total and newest ids in one; the claims


def test_without_counter_rows_the_empty_search_counts_the_claims(analyzed):  # noqa: F811
    TalkCount.objects.all().delete()
    page = search_claims("")
    assert page.total == searching.COUNT_CAP and page.total_is_capped


@pytest.mark.parametrize(
    "query, statements",
    [
        # the page cache's stamp; glossary and bilingual tags, the matches, the page's claims,
        # talks by title
        ("models", 5),
        # tags resolved first
        ("models #plan-tag", 6),
        # the stamp; the matches, the page's claims
        ("lang:en", 3),
    ],
)
def test_a_search_page_runs_a_fixed_number_of_statements(analyzed, query, statements):  # noqa: F811
    rebuild_index()
    search_claims(query)  # PostgreSQL's planner statistics are read once per few minutes
    cache.clear()  # a page already served comes from the page cache
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"Plan claim" in response.content
    assert len(captured.captured_queries) == statements, [
        q["sql"][:120] for q in captured.captured_queries
    ]
