"""Every admin page this work adds refuses anonymous users and non-staff users, GET and POST."""

import pytest
from django.urls import reverse

from notes.models import ClaimStatus, DuplicateSuggestion, Speaker, Talk
from tests.factories import ClaimFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    first, second = TalkFactory(), TalkFactory()
    suggestion = DuplicateSuggestion.objects.create(talk=first, other=second, reason="Alike.")
    speakers = SpeakerFactory(name="Richard Sutton"), SpeakerFactory(name="R. Sutton")
    return {"talks": (first, second), "suggestion": suggestion, "speakers": speakers}


def new_urls(rows):
    first, second = rows["talks"]
    ada, bob = rows["speakers"]
    return [
        (reverse("admin:notes_talk_merge"), {"ids": f"{first.pk},{second.pk}", "confirm": "1"}),
        (reverse("admin:notes_speaker_merge"), {"ids": f"{ada.pk},{bob.pk}", "confirm": "1"}),
        (reverse("admin:notes_tag_merge"), {"ids": "1,2", "confirm": "1"}),
        (reverse("admin:notes_claim_review"), {"action": "hidden", "claims": []}),
        (reverse("admin:notes_speaker_duplicates"), {}),
        (reverse("admin:notes_speaker_dismiss_pair"), {"first": ada.pk, "second": bob.pk}),
        (reverse("admin:notes_duplicatesuggestion_dismiss", args=[rows["suggestion"].pk]), {}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_new_admin_urls_refuse_everyone_but_staff(client, django_user_model, rows, who):
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="pw-123456789"))
    claim = ClaimFactory()
    for url, data in new_urls(rows):
        for response in (client.get(url, data), client.post(url, {**data, "claims": [claim.pk]})):
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert Talk.objects.filter(pk__in=[t.pk for t in rows["talks"]]).count() == 2
    assert Speaker.objects.filter(name__in=["Richard Sutton", "R. Sutton"]).count() == 2
    rows["suggestion"].refresh_from_db()
    assert rows["suggestion"].status == "open"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IMPORTED


def test_dismiss_endpoints_refuse_get(admin_client, rows):
    url = reverse("admin:notes_duplicatesuggestion_dismiss", args=[rows["suggestion"].pk])
    assert admin_client.get(url).status_code == 403
    rows["suggestion"].refresh_from_db()
    assert rows["suggestion"].status == "open"
