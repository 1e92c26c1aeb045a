"""A slug that cannot be put in a URL (written around the validators) never breaks a listing."""

import pytest

from notes.models import Speaker, Tag, Talk

# Each listing, and text of an intact record it must still show beside the broken ones.
LISTINGS = {
    "/": "RL at scale",
    "/talks/": "Karpathy on agents",
    "/speakers/": "Andrej Karpathy",
    "/tags/": "scaling",
    "/api/talks/": "Karpathy on agents",
    "/api/speakers/": "Andrej Karpathy",
    "/api/claims/": "karpathy-agents",
    "/api/themes/": "RL at scale",
    "/feeds/claims/": "Karpathy on agents",
    "/sitemap.xml": "sitemap-talks.xml",
    "/sitemap-talks.xml": "/talks/karpathy-agents/",
    "/sitemap-speakers.xml": "/speakers/andrej-karpathy/",
    "/sitemap-themes.xml": "/themes/t-rl/",
    "/sitemap-claims.xml": "/claims/",
}


@pytest.fixture
def bad_slugs(kb):
    """Slugs as a hand-edited database could hold them: update() skips every validator."""
    Talk.objects.filter(pk=kb.talk.pk).update(slug="bad/slug")
    Speaker.objects.filter(pk=kb.ilya.pk).update(slug="a <b>/c d")
    Tag.objects.filter(pk=kb.generalization.pk).update(slug="x/y")
    return kb


@pytest.mark.parametrize("url", LISTINGS)
def test_listings_survive_unroutable_slugs(client, bad_slugs, url):
    response = client.get(url)
    assert response.status_code == 200
    assert LISTINGS[url] in response.content.decode()


def test_the_unroutable_talk_links_nowhere_harmful(bad_slugs):
    talk = Talk.objects.get(pk=bad_slugs.talk.pk)
    assert talk.get_absolute_url() == "/talks/"
