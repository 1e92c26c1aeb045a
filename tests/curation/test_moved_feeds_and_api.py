"""After a merge, the old slug of a talk, speaker, theme or tag answers 301 on the Atom feeds and the
JSON API too (path and filter parameters), as on the HTML pages; a slug still in use stays a 404."""

import pytest
from django.urls import reverse

from notes.models import TaggedClaim, TalkSpeaker
from notes.services.merge import merge_speakers, merge_talks
from notes.services.merge_tags import merge_tags
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory, TagFactory, TalkFactory

pytestmark = pytest.mark.django_db


def tagged_claim(tag, **kwargs):
    claim = ClaimFactory(**kwargs)
    TaggedClaim.objects.create(content_object=claim, tag=tag)
    return claim


def moved(client, url, to):
    response = client.get(url)
    assert response.status_code == 301, url
    assert response["Location"] == to
    assert client.get(to).status_code == 200
    return response


def test_feeds_follow_merged_themes_tags_and_speakers(client):
    old_theme = TagFactory(name="Old theme", slug="old-theme", is_theme=True)
    new_theme = TagFactory(name="New theme", slug="new-theme", is_theme=True)
    old_tag, new_tag = (
        TagFactory(name="old tag", slug="old-tag"),
        TagFactory(name="new tag", slug="new-tag"),
    )
    old_speaker = SpeakerFactory(name="Ilya S.", slug="ilya-s")
    new_speaker = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    for tag in (old_theme, new_theme, old_tag, new_tag):
        tagged_claim(tag, speaker=old_speaker)
    merge_tags(new_theme, [old_theme])
    merge_tags(new_tag, [old_tag])
    merge_speakers(new_speaker, [old_speaker])

    moved(
        client,
        reverse("notes:feed-theme", args=["old-theme"]),
        reverse("notes:feed-theme", args=["new-theme"]),
    )
    moved(
        client,
        reverse("notes:feed-tag", args=["old-tag"]),
        reverse("notes:feed-tag", args=["new-tag"]),
    )
    moved(
        client,
        reverse("notes:feed-speaker", args=["ilya-s"]),
        reverse("notes:feed-speaker", args=["ilya-sutskever"]),
    )
    assert client.get(reverse("notes:feed-theme", args=["never-was"])).status_code == 404


def test_a_feed_of_a_slug_in_use_is_not_redirected(client):
    TagFactory(name="Plain", slug="plain")  # a tag, not a theme, and without public claims
    assert client.get(reverse("notes:feed-theme", args=["plain"])).status_code == 404
    assert client.get(reverse("notes:feed-tag", args=["plain"])).status_code == 404


def test_the_api_follows_merged_talks_speakers_and_themes(client):
    old_talk, new_talk = TalkFactory(slug="old-talk"), TalkFactory(slug="new-talk")
    speaker, other = (
        SpeakerFactory(name="Dwarkesh P", slug="dwarkesh-p"),
        SpeakerFactory(name="Dwarkesh Patel", slug="dwarkesh-patel"),
    )
    theme = TagFactory(name="Continual", slug="continual", is_theme=True)
    old_theme = TagFactory(name="On the job", slug="on-the-job", is_theme=True)
    summary = SummaryFactory(talk=old_talk)
    TalkSpeaker.objects.create(talk=old_talk, speaker=speaker)
    tagged_claim(old_theme, summary=summary, speaker=speaker)
    ClaimFactory(summary=SummaryFactory(talk=new_talk), speaker=other)
    merge_talks(new_talk, [old_talk], public=True)
    merge_speakers(other, [speaker])
    merge_tags(theme, [old_theme])

    moved(
        client,
        reverse("notes:api-talk", args=["old-talk"]),
        reverse("notes:api-talk", args=["new-talk"]),
    )
    moved(
        client,
        reverse("notes:api-speaker", args=["dwarkesh-p"]) + "?page=1",
        reverse("notes:api-speaker", args=["dwarkesh-patel"]) + "?page=1",
    )
    claims = reverse("notes:api-claims")
    moved(client, f"{claims}?theme=on-the-job&lang=en", f"{claims}?theme=continual&lang=en")
    moved(client, f"{claims}?tag=on-the-job", f"{claims}?tag=continual")
    moved(client, f"{claims}?speaker=dwarkesh-p", f"{claims}?speaker=dwarkesh-patel")
    assert client.get(reverse("notes:api-talk", args=["never-was"])).status_code == 404
    assert client.get(f"{claims}?theme=never-was").status_code == 400


def test_a_draft_talk_is_a_404_not_a_redirect(client):
    TalkFactory(slug="draft-talk", public=False)
    response = client.get(reverse("notes:api-talk", args=["draft-talk"]))
    assert response.status_code == 404 and "error" in response.json()
