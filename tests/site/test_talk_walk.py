"""A tag's talks read along the listing index (notes.talk_walk), the statements compiled once
(notes.compiled), and the theme page's shortcuts: the same pages, fewer rows and queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notes import compiled, facets, queries, talk_walk
from notes.models import Claim, ClaimRelation, TagCount
from notes.services.counters import recount_all
from notes.views import themes
from tests.factories import ClaimFactory, SummaryFactory, TagFactory, TalkFactory
from tests.site.builders import tag_claim
from tests.site.test_query_plans import build_corpus, explain_inline

pytestmark = pytest.mark.django_db


def test_the_index_is_walked_for_a_dense_tag_and_a_rare_tag_is_sorted():
    # 9,000 of 10,000 talks: the first 64 are found within ~71 index rows.
    assert talk_walk.walks_index(tag_talks=9000, talks_upper=10_000, needed=64)
    # 1,500 of a million talks: the walk would read ~43,000 rows, the sort 1,500.
    assert not talk_walk.walks_index(tag_talks=1500, talks_upper=1_000_000, needed=64)
    # Few talks: sorted, whatever the density.
    assert not talk_walk.walks_index(tag_talks=talk_walk.SORT_TALKS - 1, talks_upper=1, needed=1)


@pytest.fixture
def dated_and_undated():
    """A theme on three dated talks and two undated ones (and a private talk, left out)."""
    theme = TagFactory(slug="w-theme", name="Walk theme", is_theme=True)
    talks = {}
    for name, published, public in [
        ("old", dt.date(2020, 1, 1), True),
        ("mid", dt.date(2022, 1, 1), True),
        ("new", dt.date(2024, 1, 1), True),
        ("undated-a", None, True),
        ("undated-b", None, True),
        ("private", dt.date(2025, 1, 1), False),
    ]:
        talk = TalkFactory(
            slug=f"w-{name}", title=f"Walk {name}", published=published, public=public
        )
        summary = SummaryFactory(talk=talk)
        for position in range(len(talks) + 1):
            tag_claim(ClaimFactory(summary=summary, position=position), theme)
        talks[name] = talk
    recount_all()
    return theme, talks


@pytest.mark.parametrize("walks", [True, False], ids=["walk", "sort"])
def test_the_latest_talks_put_undated_ones_first(dated_and_undated, monkeypatch, walks):
    theme, talks = dated_and_undated
    monkeypatch.setattr(talk_walk, "walks_index", lambda *args: walks)
    latest = talk_walk.TagTalks(theme.pk).latest(4)
    undated = sorted(
        [talks["undated-a"], talks["undated-b"]], key=lambda t: (-t.created.timestamp(), t.pk)
    )
    assert [talk.pk for talk, _ in latest] == [
        *(t.pk for t in undated),
        talks["new"].pk,
        talks["mid"].pk,
    ]
    assert all(isinstance(talk.published, dt.date | type(None)) for talk, _ in latest)
    counts = dict(queries.talks_on_theme(theme).values_list("pk", "theme_claims"))
    assert [claims for _, claims in latest] == [counts[talk.pk] for talk, _ in latest]


@pytest.mark.parametrize("walks", [True, False], ids=["walk", "sort"])
def test_the_walk_gives_the_tags_talks_in_listing_order(dated_and_undated, monkeypatch, walks):
    theme, _ = dated_and_undated
    monkeypatch.setattr(talk_walk, "walks_index", lambda *args: walks)
    monkeypatch.setattr(talk_walk, "FIRST_CHUNK", 1)
    monkeypatch.setattr(talk_walk, "CHUNK", 2)
    on_theme = Claim.objects.filter(talk__public=True, taggedclaim__tag=theme)
    expected = list(
        dict.fromkeys(on_theme.order_by(*queries.CLAIM_ORDER).values_list("talk_id", flat=True))
    )
    walked = list(talk_walk.TagTalks(theme.pk).counts())
    assert [talk_id for talk_id, _ in walked] == expected
    assert all(n == on_theme.filter(talk_id=talk_id).count() for talk_id, n in walked)


def test_the_theme_pages_facets_match_a_fresh_count(dated_and_undated):
    theme, talks = dated_and_undated
    other = TagFactory(slug="w-other", name="Walk other", is_theme=True)
    for claim in Claim.objects.filter(talk=talks["mid"])[:2]:
        tag_claim(claim, other)
    recount_all()
    counted = facets.sampled_facets(
        queries.ClaimFilters(tags=[theme]), capped=False, themes_only=True, exclude=[theme]
    )
    fresh = queries.public_claims().filter(queries.has_tag(theme), queries.has_tag(other)).count()
    assert [(f.tag.slug, f.count, f.tag.is_theme) for f in counted] == [("w-other", fresh, True)]
    assert fresh == 2


def test_a_compiled_statement_needs_its_placeholder_as_a_parameter():
    with pytest.raises(ValueError):
        compiled.run(("test shape without the id",), lambda pk: TagCount.objects.all(), 1)


def test_a_theme_without_relations_skips_the_pairs_query(dated_and_undated, settings):
    settings.KB_PAGE_CACHE = False  # the relation is added behind the page cache's back
    theme, talks = dated_and_undated
    url = theme.get_absolute_url()
    with CaptureQueriesContext(connection) as without:
        assert Client().get(url).status_code == 200
    source, target = Claim.objects.filter(talk=talks["new"])[:2]
    ClaimRelation.objects.create(source=source, target=target, kind="supports")
    with CaptureQueriesContext(connection) as with_pair:
        page = Client().get(url).content.decode()
    assert len(with_pair.captured_queries) == len(without.captured_queries) + 1
    assert 'class="theme-pairs"' in page


def walk_plans(analyze: bool) -> list[str]:
    """The plans of the walk along the listing index and of the latest talks, on a small corpus."""
    theme = build_corpus()["theme"]
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    talks = talk_walk.TagTalks(theme.pk)
    with CaptureQueriesContext(connection) as captured:
        list(talks.counts())
        talks.latest(themes.TIMELINE_TALKS)
    if connection.vendor == "sqlite":
        return [explain_inline(query["sql"]) for query in captured.captured_queries]
    # PostgreSQL sorts 40 talks rather than walk an index, rightly at this size (it walks the
    # index at 10,000 talks): with sorting discouraged, a plan that still sorts is one the index
    # cannot serve.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_sort = off")
    try:
        return [explain_inline(query["sql"]) for query in captured.captured_queries]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_sort = on")


@pytest.mark.parametrize("with_statistics", [False, True])
def test_the_walk_reads_the_listing_index_without_sorting(monkeypatch, with_statistics):
    monkeypatch.setattr(talk_walk, "walks_index", lambda *args: True)
    plans = walk_plans(analyze=with_statistics)
    assert len(plans) == 2
    for plan in plans:
        assert "talk_listing_order" in plan, plan
        if connection.vendor == "sqlite":
            assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        else:  # no sort of the talks (a sort of a finished page of rows would say "Sort Key: t.")
            assert not re.search(r"Sort Key: t\.", plan), plan
