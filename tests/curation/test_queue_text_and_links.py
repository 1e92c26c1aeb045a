"""The review queue edits and splits a claim's text in its row and relates a claim to another one
found by its text; the claim's admin page relates claims too. Every change is in the admin history."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from notes.models import Claim, ClaimRelation
from notes.search import index_claims
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:notes_claim_review"
FIND = "admin:notes_claim_review_find"


def post(client, **data):
    return client.post(reverse(QUEUE), {"back": reverse(QUEUE), **data})


def test_the_queue_shows_the_new_shortcuts_and_row_editors(admin_client):
    claim = ClaimFactory(text="Agents lack continual learning.")
    html = admin_client.get(reverse(QUEUE)).content.decode()
    for key in ("e", "s", "l", "a"):
        assert f"<kbd>{key}</kbd>" in html
    assert f'name="text-{claim.pk}"' in html and f'name="split" value="{claim.pk}"' in html
    assert reverse(FIND) in html  # the "other claim" search asks this endpoint


def test_editing_text_in_the_queue_is_curated_and_logged(admin_client):
    claim = ClaimFactory(text="Agents lack continual learning.")
    response = post(
        admin_client, edit_text=claim.pk, **{f"text-{claim.pk}": "Agents still lack it."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Agents still lack it." and "text" in claim.curated_fields
    assert LogEntry.objects.filter(
        object_id=str(claim.pk), change_message__contains="text"
    ).exists()
    empty = post(admin_client, edit_text=claim.pk, **{f"text-{claim.pk}": "  "})
    assert empty.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Agents still lack it."


def test_splitting_in_the_queue_logs_the_new_parts(admin_client):
    claim = ClaimFactory(text="Data runs out. RL comes next.")
    text = "Data runs out.\n\nRL comes next."
    assert post(admin_client, split=claim.pk, **{f"text-{claim.pk}": text}).status_code == 302
    parts = list(Claim.objects.order_by("position", "pk"))
    assert [p.text for p in parts] == ["Data runs out.", "RL comes next."]
    assert LogEntry.objects.filter(object_id=str(parts[1].pk), action_flag=ADDITION).exists()
    assert LogEntry.objects.filter(
        object_id=str(claim.pk), change_message__contains="split"
    ).exists()
    # No empty line: nothing to split, one message, no change.
    post(admin_client, split=claim.pk, **{f"text-{claim.pk}": "Data runs out."})
    assert Claim.objects.count() == 2


def test_the_other_claim_search_puts_other_talks_and_speakers_first(admin_client):
    speaker = SpeakerFactory(name="Same Speaker")
    summary = SummaryFactory()
    source = ClaimFactory(summary=summary, speaker=speaker, text="Value functions guide learning.")
    same_talk = ClaimFactory(summary=summary, speaker=speaker, text="Value functions are emotions.")
    same_speaker = ClaimFactory(speaker=speaker, text="Value functions shorten learning.")
    elsewhere = ClaimFactory(text="Value functions are overrated.")
    index_claims([source.pk, same_talk.pk, same_speaker.pk, elsewhere.pk])

    found = admin_client.get(reverse(FIND), {"q": "value functions", "for": source.pk}).json()
    assert [r["id"] for r in found["results"]] == [elsewhere.pk, same_speaker.pk, same_talk.pk]
    assert found["results"][0]["talk"] == elsewhere.talk.title


def test_the_other_claim_search_is_staff_only(client):
    response = client.get(reverse(FIND), {"q": "value"})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("kind", ["contradicts", "refines"])
def test_relating_from_the_queue(admin_client, kind):
    source = ClaimFactory(text="RL is terrible.")
    target = ClaimFactory(text="RL from verifiable rewards works.")
    response = post(
        admin_client,
        action="link",
        claims=[source.pk],
        relation_kind=kind,
        link_target=str(target.pk),
    )
    assert response.status_code == 302
    relation = ClaimRelation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (source, target, kind)
    for claim in (source, target):
        assert LogEntry.objects.filter(object_id=str(claim.pk)).exists()
    # Two selected claims, or the reverse pair: refused with a message, nothing added.
    post(
        admin_client,
        action="link",
        claims=[source.pk, target.pk],
        relation_kind=kind,
        link_target=str(target.pk),
    )
    post(
        admin_client,
        action="link",
        claims=[target.pk],
        relation_kind=kind,
        link_target=str(source.pk),
    )
    post(
        admin_client,
        action="link",
        claims=[source.pk],
        relation_kind=kind,
        link_target=str(source.pk),
    )
    assert ClaimRelation.objects.count() == 1


def change_form_data(response) -> dict:
    """The change page's form and inline formsets as the browser would post them unchanged."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
    return data


def test_a_relation_made_on_the_claim_admin_page_is_logged(admin_client):
    source = ClaimFactory(text="Scaling is over.")
    target = ClaimFactory(text="Scaling still works.")
    url = reverse("admin:notes_claim_change", args=[source.pk])
    data = change_form_data(admin_client.get(url))
    prefix = "relations_out"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-target": target.pk,
            f"{prefix}-0-kind": "contradicts",
            f"{prefix}-0-note": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert ClaimRelation.objects.get().target == target
    entry = LogEntry.objects.filter(object_id=str(source.pk)).latest("action_time")
    assert "claim relation" in entry.get_change_message()
