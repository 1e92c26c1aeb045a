"""Every page runs the same number of SQL queries with 5 items as with 50.

The numbers are each page's query budget; a change that makes a page query per row fails here.
Budgets that grew with the counters (issue 11), each new query replacing a scan: the claim lists
walk the counter rows of their talks instead of sorting every matching claim (+1: "api claims"
reads the total from the talk counters and then walks them), and a narrowed list (theme filtered,
three tags) also counts its claims per chunk of talks (+1) and caps its total; two tags alone walk
their pair counter rows (TalkTagPairCount) instead. The unfiltered
theme page reads the theme's relation pairs ("where they agree and disagree") in one query (+1);
a filtered theme page leaves them out and keeps its budget.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notes.models import Claim, ClaimRelation, Language, TalkSpeaker
from notes.search import index_claims, search_claims
from notes.services.counters import recount_all
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TagFactory
from tests.site.builders import make_theme, section_in, tag_claim, talk_with_speaker, youtube_talk

SIZES = [5, 50]


@pytest.fixture
def client(settings):
    """A plain client: the corpus recounts once, and no request may count claims itself.

    The page cache is off: these are the pages' own queries. With it on, a page not yet cached
    costs one more (reading the content generation) and a cached one costs that one alone
    (tests/site/test_page_cache.py).
    """
    settings.KB_PAGE_CACHE = False
    return Client()


@pytest.fixture
def corpus(db, request):
    """``size`` talks, speakers, tags and claims; one talk and one speaker hold ``size`` claims each."""
    size = request.param
    theme = make_theme("q-theme", "Query theme", "查询主题")
    other_theme = make_theme("q-other", "Other query theme", "另一个主题", position=2)
    speaker = SpeakerFactory(name="Busy Speaker", slug="busy-speaker")
    SpeakerAliasFactory(speaker=speaker, alias="忙碌的讲者")
    talk = youtube_talk(
        "zyxwvutsrqp", title="Big talk", slug="big-talk", published=dt.date(2025, 1, 2)
    )
    talk, summary, _ = talk_with_speaker(speaker, talk=talk)
    section = section_in(summary, "Opening", 30)
    claims = []
    for n in range(size):
        english = ClaimFactory(
            summary=summary,
            speaker=speaker,
            section=section,
            start_seconds=n * 10,
            text=f"Claim {n} about generalization and scale.",
        )
        chinese = ClaimFactory(
            summary=summary, speaker=speaker, language=Language.ZH, text=f"关于泛化的观点 {n}。"
        )
        english.translation = chinese
        english.save()
        tag = TagFactory(slug=f"q-tag-{n}", name=f"query tag {n}")
        tag_claim(english, theme, other_theme, tag)
        tag_claim(chinese, theme)
        claims += [english, chinese]
        section_in(summary, f"Part {n}", n * 60)
    for n in range(size):
        other_talk, other_summary, other_speaker = talk_with_speaker(
            SpeakerFactory(name=f"Guest {n}", slug=f"guest-{n}"),
            title=f"Other talk {n}",
            slug=f"other-talk-{n}",
            published=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        )
        TalkSpeaker.objects.create(talk=other_talk, speaker=speaker, role=TalkSpeaker.Role.HOST)
        related = ClaimFactory(summary=other_summary, speaker=other_speaker)
        tag_claim(related, theme)
        ClaimRelation.objects.create(source=claims[0], target=related, kind="supports")
    index_claims(Claim.objects.values_list("pk", flat=True))
    recount_all()  # the factories bypass the services that keep the counters
    return {"size": size, "claim": claims[0], "theme": theme, "speaker": speaker, "talk": talk}


PAGES = {
    # name: (url builder, queries)
    "home": (lambda c: "/", 5),  # + the map: its speakers (counter rows), their themes (a sample)
    # A list read from counter rows reads its page's ids, then those claims by primary key (two
    # statements compiled once, notes.lists): one query more than reading both at once, and
    # ten times less Python.
    "theme": (
        lambda c: reverse("notes:theme", args=["q-theme"]),
        9,
    ),  # the timeline chart reads the counter rows; +1 (issue 8): the relation pairs, one query
    "theme filtered": (
        lambda c: reverse("notes:theme", args=["q-theme"]) + "?speaker=busy-speaker&lang=en",
        9,
    ),
    # Narrowed to one speaker alone: the count and the walk come from (speaker, tag) counter rows.
    "theme by speaker": (
        lambda c: reverse("notes:theme", args=["q-theme"]) + "?speaker=busy-speaker",
        9,
    ),
    "talks": (lambda c: reverse("notes:talks"), 3),
    "talk": (lambda c: reverse("notes:talk", args=["big-talk"]), 8),
    "speakers": (lambda c: reverse("notes:speakers"), 2),
    "speaker": (lambda c: reverse("notes:speaker", args=["busy-speaker"]), 7),  # count: counter row
    "claim": (lambda c: reverse("notes:claim", args=[c["claim"].pk]), 5),
    "tags": (lambda c: reverse("notes:tags"), 1),
    # Two tags: the pair counters give the total and the talks (no capped count, no chunks).
    "tags narrowed": (lambda c: reverse("notes:tags") + "?tag=q-theme&tag=q-other", 8),
    "tags narrowed (three)": (
        lambda c: reverse("notes:tags") + "?tag=q-theme&tag=q-other&tag=q-tag-0",
        7,
    ),
    # Search pages: the facade's own queries (measured, see facade_queries) plus the page's.
    "search": (lambda c: reverse("notes:search") + "?q=generalization", ("generalization", 0)),
    "search zh": (lambda c: reverse("notes:search") + "?q=泛化", ("泛化", 0)),
    "feed": (lambda c: reverse("notes:feed-claims"), 1),
    "feed theme": (lambda c: reverse("notes:feed-theme", args=["q-theme"]), 2),
    "feed speaker": (lambda c: reverse("notes:feed-speaker", args=["busy-speaker"]), 2),
    "feed tag": (lambda c: reverse("notes:feed-tag", args=["q-theme"]), 2),  # a theme is a tag
    "sitemap index": (lambda c: "/sitemap.xml", 6),
    "sitemap claims": (lambda c: "/sitemap-claims.xml", 2),
    "sitemap talks": (lambda c: "/sitemap-talks.xml", 2),
    "api claims": (lambda c: reverse("notes:api-claims") + "?per_page=100", 4),
    "api claims search": (
        lambda c: reverse("notes:api-claims") + "?q=generalization&theme=q-theme",
        # + resolving the theme, refetching the page's claims, their tags
        ("generalization", 3, {"tag_slugs": ["q-theme"]}),
    ),
    "api talks": (lambda c: reverse("notes:api-talks") + "?per_page=100", 4),
    "api talk": (lambda c: reverse("notes:api-talk", args=["big-talk"]), 8),
    "api speakers": (lambda c: reverse("notes:api-speakers") + "?per_page=100", 3),
    "api speaker": (lambda c: reverse("notes:api-speaker", args=["busy-speaker"]), 3),
    "api claim": (lambda c: reverse("notes:api-claim", args=[c["claim"].pk]), 4),
    "api themes": (lambda c: reverse("notes:api-themes"), 2),
}


def facade_queries(query: str, **kwargs) -> int:
    """How many queries notes.search.search_claims runs for ``query`` (its own budget, not ours),
    once what a process keeps between searches (PostgreSQL's word statistics) is read."""
    search_claims(query, public_only=True, page=1, per_page=20, **kwargs)
    with CaptureQueriesContext(connection) as captured:
        search_claims(query, public_only=True, page=1, per_page=20, **kwargs)
    return len(captured.captured_queries)


def page_budget(budget) -> int:
    if isinstance(budget, int):
        return budget
    query, own, *kwargs = budget
    return facade_queries(query, **(kwargs[0] if kwargs else {})) + own


@pytest.mark.parametrize("corpus", SIZES, indirect=True, ids=lambda size: f"{size}-items")
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_constant(client, corpus, page, django_assert_num_queries):
    url, budget = PAGES[page]
    budget = page_budget(budget)
    with django_assert_num_queries(budget):
        response = client.get(url(corpus))
    assert response.status_code == 200
    assert len(response.content) > 200


# Pages whose Chinese interface differs (pairs with the Chinese version first, Chinese theme
# descriptions, dates): the interface language must not cost a query.
CHINESE_PAGES = [
    "home",
    "theme",
    "theme filtered",
    "talk",
    "speaker",
    "claim",
    "tags narrowed",
    "search",
    "search zh",
    "feed theme",
]


@pytest.mark.parametrize("corpus", SIZES, indirect=True, ids=lambda size: f"{size}-items")
@pytest.mark.parametrize("page", CHINESE_PAGES)
def test_query_count_is_the_same_in_the_chinese_interface(
    client, corpus, page, django_assert_num_queries
):
    url, budget = PAGES[page]
    budget = page_budget(budget)
    with django_assert_num_queries(budget):
        response = client.get(url(corpus), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
