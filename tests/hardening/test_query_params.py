"""Query parameters: page numbers are ASCII digits only, and no parameter of any public URL gives a 500."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes.views.common import ascii_int

UNICODE_DIGITS = ["²", "⁰⁴⁵", "①", "٣", "３", "1_000", "+3", "-1", "0x10", "9" * 400]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("007", 7), ("42", 42), *((raw, None) for raw in UNICODE_DIGITS), (" 2", None)],
)
def test_ascii_int_reads_ascii_digits_only(raw, expected):
    assert ascii_int(raw, maximum=10**6) == expected


def public_urls(kb) -> list[str]:
    """Every public page, feed and API endpoint, with a real object where the URL needs one."""
    return [
        "/",
        f"/themes/{kb.generalization.slug}/",
        "/talks/",
        f"/talks/{kb.talk.slug}/",
        "/speakers/",
        f"/speakers/{kb.ilya.slug}/",
        f"/claims/{kb.english.pk}/",
        "/tags/",
        "/search/",
        "/feeds/claims/",
        f"/feeds/themes/{kb.generalization.slug}/",
        f"/feeds/tags/{kb.scaling.slug}/",
        f"/feeds/speakers/{kb.ilya.slug}/",
        "/api/talks/",
        f"/api/talks/{kb.talk.slug}/",
        "/api/speakers/",
        f"/api/speakers/{kb.ilya.slug}/",
        "/api/claims/",
        f"/api/claims/{kb.english.pk}/",
        "/api/themes/",
        "/sitemap.xml",
        "/sitemap-claims.xml",
    ]


@pytest.mark.parametrize("raw", UNICODE_DIGITS)
@pytest.mark.parametrize("name", ["page", "per_page"])
def test_api_answers_400_to_non_ascii_numbers(client, kb, name, raw):
    for url in ("/api/talks/", "/api/claims/", "/api/speakers/", "/api/themes/"):
        response = client.get(url, {name: raw, "q": "models"})
        assert response.status_code == 400, (url, raw)
        assert "whole number" in json.loads(response.content)["error"]


@pytest.mark.parametrize("raw", UNICODE_DIGITS)
def test_pages_treat_non_ascii_page_numbers_as_page_one(client, kb, raw):
    for url in ("/talks/", "/speakers/", "/search/", f"/themes/{kb.generalization.slug}/"):
        response = client.get(url, {"page": raw, "q": "models"})
        assert response.status_code == 200, (url, raw)
        page = response.context.get("page_obj") or response.context["results"]
        assert page.number if hasattr(page, "number") else page.page == 1


PARAMS = ["page", "per_page", "p", "q", "lang", "kind", "theme", "tag", "speaker"]
NUMBERISH = st.from_regex(r"\A[0-9²³¹⁰-⁹①-⑳٠-٩０-９_+\- ]{0,8}\Z")
VALUES = st.one_of(st.text(max_size=40), NUMBERISH, st.sampled_from(["0", "-1", "9" * 30]))
QUERIES = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
    st.one_of(VALUES, st.lists(VALUES, max_size=3)),
    max_size=5,
)


@settings(
    max_examples=int(os.environ.get("KB_FUZZ_QUERIES", "0")) or 10,  # scripts/fuzz.py runs more
    derandomize=not os.environ.get("KB_FUZZ_QUERIES"),  # the default suite: the same examples
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_no_query_string_gives_a_500(client, kb, query):
    for url in public_urls(kb):
        response = client.get(url, query)
        assert response.status_code < 500, (url, query)
