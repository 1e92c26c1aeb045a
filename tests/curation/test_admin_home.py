"""The admin home is the curator's: titled kb, an import entry, and counts of what waits, linked."""

import pytest
from django.urls import reverse

from notes.models import ClaimStatus, DuplicateSuggestion
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_home_counts_what_waits_and_links_each_queue(admin_client):
    ClaimFactory()
    ClaimFactory()
    ClaimFactory(status=ClaimStatus.REVIEWED)
    DuplicateSuggestion.objects.create(talk=TalkFactory(), other=TalkFactory(), reason="Alike.")
    SpeakerAliasFactory(speaker=SpeakerFactory(name="Has Alias"))
    SpeakerFactory(name="Richard Sutton")
    SpeakerFactory(name="R. Sutton")

    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "<title>Curation | kb</title>" in html
    assert reverse("admin:notes_importrun_import") in html and "Import summaries" in html
    assert "2 claims to review" in html and reverse("admin:notes_claim_review") in html
    assert "1 open duplicate-talk suggestion<" in html
    assert "1 pair of speakers who may be one person" in html
    assert "2 speakers without aliases" in html
    assert "?aliases=none" in html and reverse("admin:notes_speaker_duplicates") in html


def test_home_is_for_staff_only(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]
