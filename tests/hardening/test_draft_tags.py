"""Tags used only on drafts (private talks, hidden claims) are invisible: 404, and never named."""

import pytest

from notes.models import TaggedTalk
from tests.factories import TagFactory
from tests.site.builders import tag_claim

PUBLIC_PAGES = ["/", "/talks/", "/speakers/", "/tags/", "/search/?q=claim", "/api/themes/",
                "/api/claims/", "/feeds/claims/"]  # fmt: skip


@pytest.fixture
def draft_tags(kb):
    """One tag only on a private talk's claim, one only on a hidden claim, one only on a private talk."""
    on_private = tag_claim(kb.private_claim, TagFactory(slug="draft-private", name="DRAFTPRIVATE"))
    on_hidden = tag_claim(kb.hidden, TagFactory(slug="draft-hidden", name="DRAFTHIDDEN"))
    talk_tag = TagFactory(slug="draft-talk", name="DRAFTTALK")
    TaggedTalk.objects.create(content_object=kb.private, tag=talk_tag)
    return on_private, on_hidden, talk_tag


@pytest.mark.parametrize("slug", ["draft-private", "draft-hidden", "draft-talk"])
def test_draft_only_tags_answer_404(client, draft_tags, slug):
    assert client.get(f"/feeds/tags/{slug}/").status_code == 404
    page = client.get("/tags/", {"tag": slug})
    assert page.status_code == 404
    assert b"DRAFT" not in page.content
    api = client.get("/api/claims/", {"tag": slug})
    assert api.status_code == 400
    assert b"DRAFT" not in api.content


def test_a_public_tag_still_answers(client, draft_tags, kb):
    assert client.get(f"/feeds/tags/{kb.scaling.slug}/").status_code == 200
    assert client.get("/tags/", {"tag": kb.scaling.slug}).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_draft_tag_names_never_show(client, draft_tags, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"DRAFT" not in response.content
