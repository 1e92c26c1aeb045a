"""Every model's admin pages load for a curator; the admin is staff-only; curator edits are recorded."""

import pytest
from django.contrib import admin
from django.urls import reverse

from notes.models import Claim, ClaimRelation, ClaimStatus, Speaker, TaggedClaim, Talk
from tests.factories import (
    ClaimFactory,
    SectionFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    TagFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """One of everything, so each change page has an object to show."""
    claim = ClaimFactory(text="Models generalize worse than people <script>alert(1)</script>")
    SectionFactory(summary=claim.summary)
    speaker = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=speaker, alias="Ilya")
    TalkSpeakerFactory(talk=claim.talk, speaker=speaker)
    other = ClaimFactory(summary=claim.summary)
    ClaimRelation.objects.create(source=claim, target=other, kind="supports")
    claim.tags.add(TagFactory(name="scaling", slug="scaling"))
    claim.talk.tags.add(TagFactory(name="podcast", slug="podcast"))
    return claim


def notes_model_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "notes"
    ]


def test_every_notes_model_is_in_the_admin():
    registered = {model.__name__ for model, _ in notes_model_admins()}
    expected = {
        "Talk",
        "TalkSpeaker",
        "Speaker",
        "SpeakerAlias",
        "Summary",
        "Section",
        "Claim",
        "ClaimRelation",
    }
    expected |= {"Tag", "TaggedClaim", "TaggedTalk", "ImportRun", "DuplicateSuggestion"}
    assert expected <= registered


def test_changelist_add_and_change_pages_load_for_every_model(admin_client, content):
    for model, model_admin in notes_model_admins():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, f"{model.__name__} changelist"
        if model_admin.has_add_permission(changelist.wsgi_request):
            add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
            assert add.status_code == 200, f"{model.__name__} add"
        obj = model.objects.first()
        if obj is not None:
            change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert change.status_code == 200, f"{model.__name__} change"
            assert b"<script>alert(1)</script>" not in change.content


def test_changelist_search_works_for_every_model(admin_client, content):
    for model, model_admin in notes_model_admins():
        if model_admin.search_fields:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert admin_client.get(url, {"q": "generalize"}).status_code == 200, model.__name__


def test_admin_is_staff_only(client, django_user_model, content):
    url = reverse("admin:notes_claim_changelist")
    assert client.get(url).status_code == 302
    user = django_user_model.objects.create_user("reader", password="pw-123456789")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_public_toggle_action(admin_client, content):
    talk = content.talk
    url = reverse("admin:notes_talk_changelist")
    admin_client.post(url, {"action": "make_draft", "_selected_action": [talk.pk]})
    talk.refresh_from_db()
    assert talk.public is False and "public" in talk.curated_fields
    admin_client.post(url, {"action": "make_public", "_selected_action": [talk.pk]})
    talk.refresh_from_db()
    assert talk.public is True


def test_review_actions_set_status(admin_client, content):
    url = reverse("admin:notes_claim_changelist")
    admin_client.post(url, {"action": "mark_hidden", "_selected_action": [content.pk]})
    content.refresh_from_db()
    assert content.status == ClaimStatus.HIDDEN


def test_editing_a_claim_records_curated_fields_and_curator_tags(admin_client, content):
    speaker = SpeakerFactory(name="Dwarkesh Patel", slug="dwarkesh-patel")
    theme = TagFactory(name="Generalization", slug="generalization")
    url = reverse("admin:notes_claim_change", args=[content.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {"text": "Edited by a curator", "speaker": speaker.pk, "status": ClaimStatus.REVIEWED}
    )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[f"{inline_form.prefix}-{name}"] = "" if value is None else value
    tag_prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is TaggedClaim
    )
    total = int(data[f"{tag_prefix}-TOTAL_FORMS"])
    data[f"{tag_prefix}-{total - 1}-tag"] = theme.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    content.refresh_from_db()
    assert content.text == "Edited by a curator"
    assert {"text", "speaker", "status", "tags"} <= set(content.curated_fields)
    assert TaggedClaim.objects.get(content_object=content, tag=theme).by_curator


def test_merge_talks_action_opens_the_preview_and_confirming_joins_them(admin_client, content):
    first = content.talk
    second_claim = ClaimFactory()
    ids = sorted([first.pk, second_claim.talk.pk])
    response = admin_client.post(
        reverse("admin:notes_talk_changelist"),
        {"action": "merge_selected", "_selected_action": ids},
    )
    assert response.status_code == 302 and "/merge/" in response["Location"]
    assert Talk.objects.count() == 2  # nothing happens before the preview is confirmed
    admin_client.post(
        reverse("admin:notes_talk_merge"),
        {"ids": f"{ids[0]},{ids[1]}", "survivor": first.pk, "public": "1", "confirm": "1"},
    )
    assert Talk.objects.filter(pk=second_claim.talk.pk).count() == 0
    assert Claim.objects.get(pk=second_claim.pk).talk == first


def test_merge_speakers_preview_defaults_to_the_busiest_speaker_and_keeps_aliases(
    admin_client, content
):
    keep = Speaker.objects.get(name="Ilya Sutskever")  # in one talk already
    dup = SpeakerFactory(name="Ilya S.", slug="ilya-s")  # in none
    preview = admin_client.get(reverse("admin:notes_speaker_merge"), {"ids": f"{keep.pk},{dup.pk}"})
    assert preview.context["survivor"] == keep
    admin_client.post(
        reverse("admin:notes_speaker_merge"),
        {"ids": f"{keep.pk},{dup.pk}", "survivor": keep.pk, "confirm": "1"},
    )
    keep.refresh_from_db()
    assert not Speaker.objects.filter(pk=dup.pk).exists()
    assert "Ilya S." in {a.alias for a in keep.aliases.all()}


def test_publishing_a_draft_talk_makes_its_claims_searchable(admin_client):
    from notes.search import index_claims, search_claims

    claim = ClaimFactory(text="Continual learning on the job", summary__talk__public=False)
    index_claims([claim.pk])
    assert search_claims("continual").total == 0
    admin_client.post(
        reverse("admin:notes_talk_changelist"),
        {"action": "make_public", "_selected_action": [claim.talk.pk]},
    )
    assert search_claims("continual").total == 1


def test_renaming_a_speaker_reindexes_their_claims(admin_client):
    from notes.search import index_claims, search_claims

    speaker = SpeakerFactory(name="Ilya", slug="ilya")
    claim = ClaimFactory(text="Models generalize worse than people", speaker=speaker)
    index_claims([claim.pk])
    page = admin_client.get(reverse("admin:notes_speaker_change", args=[speaker.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["name"] = "Ilya Sutskever"
    formset = page.context["inline_admin_formsets"][0].formset
    for name in formset.management_form.fields:
        data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    assert (
        admin_client.post(
            reverse("admin:notes_speaker_change", args=[speaker.pk]), data
        ).status_code
        == 302
    )
    assert search_claims('speaker:"Ilya Sutskever"').total == 1
