"""Claim lists sliced by walking counter rows match the plain ordered query; capped facets say so."""

import datetime as dt
import random

import pytest
from django.db import connection

from notes import facets, lists, queries, talk_walk
from notes.models import ClaimStatus, Language
from notes.services.counters import recount_all
from notes.views import themes
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory, TagFactory, TalkFactory
from tests.site.builders import tag_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied():
    """Talks with equal, missing and distinct dates; claims with random tags, speakers, languages."""
    rng = random.Random(11)
    tags = [TagFactory(slug=f"l-tag-{n}", name=f"listing tag {n}") for n in range(3)]
    speakers = [
        SpeakerFactory(name=f"Listing Speaker {n}", slug=f"l-speaker-{n}") for n in range(3)
    ]
    dates = [
        dt.date(2024, 5, 1),
        dt.date(2024, 5, 1),
        None,
        dt.date(2023, 1, 9),
        None,
        dt.date(2025, 2, 2),
    ]
    for n, published in enumerate(dates):
        summary = SummaryFactory(
            talk=TalkFactory(slug=f"l-talk-{n}", published=published, public=n != 3)
        )
        for position in range(rng.randrange(0, 6)):
            claim = ClaimFactory(
                summary=summary,
                speaker=rng.choice(speakers),
                language=rng.choice([Language.EN, Language.ZH]),
                position=position,
                status=ClaimStatus.HIDDEN if rng.random() < 0.15 else ClaimStatus.IMPORTED,
            )
            tag_claim(claim, *rng.sample(tags, rng.randrange(0, 3)))
    recount_all()
    return tags, speakers


def expected_ids(filters):
    claims = filters.apply(queries.public_claims()).order_by(*queries.CLAIM_ORDER)
    return list(claims.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "make_filters",
    [
        lambda tags, speakers: queries.ClaimFilters(),
        lambda tags, speakers: queries.ClaimFilters(tags=[tags[0]]),
        lambda tags, speakers: queries.ClaimFilters(speaker=speakers[1]),
        lambda tags, speakers: queries.ClaimFilters(tags=[tags[0], tags[1]]),
        lambda tags, speakers: queries.ClaimFilters(tags=[tags[2]], language=Language.EN),
        lambda tags, speakers: queries.ClaimFilters(language=Language.ZH),
        lambda tags, speakers: queries.ClaimFilters(speaker=speakers[0], kind="key_point"),
        lambda tags, speakers: queries.ClaimFilters(tags=[tags[1]], speaker=speakers[2]),
    ],
    ids=["all", "tag", "speaker", "two tags", "tag+lang", "lang", "speaker+kind", "tag+speaker"],
)
@pytest.mark.parametrize("rows", [False, True], ids=["for display", "rows"])
def test_every_slice_matches_the_ordered_query(
    varied, make_filters, monkeypatch, walk_or_sort, rows
):
    monkeypatch.setattr(talk_walk, "WALK_CHUNK", 2)  # several chunks even on this small corpus
    monkeypatch.setattr(talk_walk, "NARROWED_FIRST_CHUNK", 1)
    monkeypatch.setattr(talk_walk, "FIRST_CHUNK", 1)
    monkeypatch.setattr(talk_walk, "CHUNK", 2)
    filters = make_filters(*varied)
    wanted = expected_ids(filters)
    assert wanted, "the corpus should have claims for every filter"
    listing = lists.claim_listing(filters, rows=rows)
    assert listing.count() == len(wanted)
    assert not listing.count_is_capped
    for size in (1, 3, 7):
        for start in range(0, len(wanted) + 2):
            got = [claim.pk for claim in listing[start : start + size]]
            assert got == wanted[start : start + size], (size, start)


def test_a_themes_speakers_are_those_with_public_claims_on_it(varied):
    tags, _ = varied
    for tag in tags:
        said = queries.public_claims().filter(queries.has_tag(tag), speaker__isnull=False)
        expected = sorted({claim.speaker.name for claim in said})
        assert expected, "every tag should have public claims with speakers"
        assert [row.name for row in queries.speakers_on_theme(tag)] == expected


def test_a_narrowed_count_above_the_cap_is_capped(varied, monkeypatch):
    tags, _ = varied
    filters = queries.ClaimFilters(tags=[tags[0]], language=Language.EN)
    total = len(expected_ids(filters))
    assert total > 1
    monkeypatch.setattr(lists, "COUNT_CAP", 1)
    listing = lists.claim_listing(filters)
    assert (listing.count(), listing.count_is_capped) == (1, True)


def test_facets_over_a_capped_sample_are_lower_bounds(varied, monkeypatch):
    tags, _ = varied
    filters = queries.ClaimFilters(tags=[tags[0]])
    exact = {f.tag.slug: f.count for f in facets.sampled_facets(filters, capped=False)}
    on_tag = queries.public_claims().filter(queries.has_tag(tags[0]))
    for tag in tags:
        assert exact.get(tag.slug, 0) == on_tag.filter(queries.has_tag(tag)).count()
    monkeypatch.setattr(lists, "FACET_SAMPLE", 2)
    sampled = facets.sampled_facets(filters, capped=True)
    assert sampled and all(f.label.endswith("+") for f in sampled)
    assert all(f.count <= min(2, exact[f.tag.slug]) for f in sampled)


def test_the_tags_page_shows_capped_counts(client, varied, monkeypatch):
    """Three tags: a count capped at COUNT_CAP. Two: the exact count, from the pair counters."""
    tags, _ = varied
    summary = SummaryFactory(talk=TalkFactory(slug="l-both", published=dt.date(2022, 1, 1)))
    for _ in range(2):
        tag_claim(ClaimFactory(summary=summary), *tags)
    monkeypatch.setattr(lists, "COUNT_CAP", 1)
    response = client.get("/tags/", {"tag": [tag.slug for tag in tags]})
    assert "1+ claims" in response.content.decode()
    both = len(expected_ids(queries.ClaimFilters(tags=tags[:2])))
    assert both > 2
    response = client.get("/tags/", {"tag": [tags[0].slug, tags[1].slug]})
    assert f"{both} claims" in response.content.decode()
    assert "1+ claims" not in response.content.decode()


@pytest.fixture(params=["walk", "sort"])
def walk_or_sort(request, monkeypatch):
    """Tags' talks read along the listing index, or their counter rows sorted (a rare tag's way):
    each test that takes it runs both ways."""
    walks = request.param == "walk"
    monkeypatch.setattr(talk_walk, "walks_index", lambda *args: walks)
    return request.param


def test_the_theme_timeline_lists_the_latest_talks(client, monkeypatch, walk_or_sort):
    theme = TagFactory(slug="l-theme", name="Listing theme", is_theme=True)
    for n in range(4):
        summary = SummaryFactory(
            talk=TalkFactory(
                slug=f"l-dated-{n}", title=f"Dated talk {n}", published=dt.date(2020 + n, 1, 1)
            )
        )
        tag_claim(ClaimFactory(summary=summary), theme)
    recount_all()
    monkeypatch.setattr(themes, "TIMELINE_TALKS", 2)
    page = client.get("/themes/l-theme/").content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    assert "Dated talk 0" not in timeline and "Dated talk 1" not in timeline
    assert timeline.index("Dated talk 2") < timeline.index("Dated talk 3")
    assert "2 earlier talks" in timeline


def test_the_samples_partner_probe_is_one_exists_per_link_direction_on_postgresql(varied):
    """With both link directions in one OR, PostgreSQL anti-joined the sample with itself (every
    candidate compared with every other); SQLite probes the OR through both indexes at once."""
    tags, _ = varied
    sql = str(lists.sample_claim_ids(queries.ClaimFilters(tags=tags[:2])).query)
    if connection.vendor == "postgresql":
        assert " OR " not in sql and sql.count("translation_id") == 2
    else:
        assert sql.count(" OR ") == 1
