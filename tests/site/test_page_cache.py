"""The whole-response cache of public pages (notes.page_cache): one query for a cached page, and
never a stale page after a change of any kind."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notes.models import Claim, ClaimStatus, SpeakerAlias, Talk
from notes.services.claim_text import edit_claim_text
from notes.services.counters import recount_all
from notes.services.merge import merge_talks
from notes.services.review import add_claims_tag, set_claim_status
from tests.factories import TagFactory


@pytest.fixture
def site(kb):
    recount_all()  # the factories bypass the services that keep the counters
    return kb


@pytest.fixture
def client():
    """A plain client (the shared one recounts before each request, which renews the generation)."""
    return Client()


def page(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


CACHED_PAGES = [
    lambda kb: "/",
    lambda kb: kb.generalization.get_absolute_url(),
    lambda kb: kb.talk.get_absolute_url(),
    lambda kb: kb.ilya.get_absolute_url(),
    lambda kb: reverse("notes:tags") + "?tag=t-generalization&tag=scaling",
    lambda kb: reverse("notes:api-claims"),
    lambda kb: reverse("notes:feed-claims"),
]


@pytest.mark.parametrize("url", CACHED_PAGES, ids=["home", "theme", "talk", "speaker", "tags",
                                                   "api", "feed"])  # fmt: skip
def test_a_cached_page_is_the_same_answer_for_one_query(
    client, site, url, django_assert_num_queries
):
    first = client.get(url(site))
    with django_assert_num_queries(1):  # the content generation
        again = client.get(url(site))
    assert again.status_code == first.status_code == 200
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", again.content) == token.sub(b"", first.content)
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "Vary"):
        assert again.headers.get(header) == first.headers.get(header), header
    assert "Accept-Language" in again.headers["Vary"]


def test_without_the_cache_every_request_renders(client, site, settings, django_assert_num_queries):
    settings.KB_PAGE_CACHE = False
    client.get(site.talk.get_absolute_url())
    with django_assert_num_queries(8):  # the talk page's own budget (test_query_counts)
        client.get(site.talk.get_absolute_url())


def test_each_interface_language_is_cached_apart(client, site):
    url = site.generalization.get_absolute_url()
    assert "Generalizing" in page(client, url)
    chinese = page(client, url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "泛化能力" in chinese and '<html lang="zh-Hans">' in chinese
    assert '<html lang="en">' in page(client, url)


def test_the_csrf_token_of_a_cached_page_is_the_visitors_own(site):
    url = site.talk.get_absolute_url()
    page(Client(), url)  # stored by someone else
    visitor = Client(enforce_csrf_checks=True)
    text = page(visitor, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', text).group(1)
    assert "csrftoken" in visitor.cookies
    response = visitor.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": url, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302  # not 403: the token matches the visitor's cookie


def hide_claim(kb):
    set_claim_status(Claim.objects.filter(pk=kb.main_claims[1].pk), ClaimStatus.HIDDEN)
    return kb.generalization.get_absolute_url(), kb.main_claims[1].text, False


def edit_text(kb):
    edit_claim_text(Claim.objects.get(pk=kb.main_claims[1].pk), "A freshly edited claim text.")
    return kb.talk.get_absolute_url(), "A freshly edited claim text.", True


def add_tag(kb):
    fresh = TagFactory(slug="fresh-tag", name="fresh tag")
    add_claims_tag(Claim.objects.filter(pk=kb.main_claims[1].pk), fresh)
    return kb.generalization.get_absolute_url(), "fresh tag", True  # the rows show their tags


def merge(kb):
    other = Talk.objects.get(slug="karpathy-agents")
    merge_talks(kb.talk, [other])
    return reverse("notes:talks"), "Karpathy on agents", False


CHANGES = {"hide a claim": hide_claim, "edit a claim": edit_text, "tag a claim": add_tag,
           "merge talks": merge}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_through_a_service_shows_on_the_next_request(client, site, change):
    for url in (site.generalization.get_absolute_url(), site.talk.get_absolute_url(),
                reverse("notes:talks")):  # fmt: skip
        page(client, url)  # cached before the change
    url, text, shown = CHANGES[change](site)
    assert (text in page(client, url)) is shown


def test_a_change_through_the_admin_shows_on_the_next_request(client, admin_client, site):
    # Deleting an alias moves no counter: the admin request itself renews the generation.
    url = site.ilya.get_absolute_url()
    assert "伊利亚" in page(client, url)
    alias = SpeakerAlias.objects.get(alias="伊利亚")
    response = admin_client.post(
        reverse("admin:notes_speakeralias_delete", args=[alias.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not SpeakerAlias.objects.filter(pk=alias.pk).exists()
    assert "伊利亚" not in page(client, url)


def test_a_talk_deleted_in_the_admin_is_gone_on_the_next_request(client, admin_client, site):
    url = site.talk.get_absolute_url()
    page(client, url)
    page(client, reverse("notes:talks"))
    response = admin_client.post(
        reverse("admin:notes_talk_delete", args=[site.talk.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert "Ilya on generalization" not in page(client, reverse("notes:talks"))


def test_a_logged_in_curator_is_never_served_a_cached_page(client, admin_client, site):
    url = reverse("notes:talks")
    page(client, url)
    # A change that bypasses every service (a raw update): the cache cannot know of it, the
    # curator, who is never served from it, sees it at once.
    Talk.objects.filter(pk=site.talk.pk).update(title="Retitled behind the services")
    assert "Retitled behind the services" not in page(client, url)
    assert "Retitled behind the services" in page(admin_client, url)
