"""The essay of samples 003 (public transcript) and 004 (draft summary): suggested as one talk, merged
through the preview, it stays public with every claim on its themes, and the old address redirects."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import DuplicateSuggestion, TaggedClaim, Talk
from notes.services.merge_preview import talk_totals
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db

ESSAY = ["003_204700a6ae690a8c.txt", "004_02a4c70c7ec75497.txt"]


def import_essay():
    return import_sources([SourceFile(n, (SAMPLES_DIR / n).read_bytes()) for n in ESSAY])


def theme_claims():
    """{theme slug: set of claim ids} over all claims."""
    result = {}
    for slug, claim_id in TaggedClaim.objects.filter(tag__is_theme=True).values_list(
        "tag__slug", "content_object_id"
    ):
        result.setdefault(slug, set()).add(claim_id)
    return result


@pytest.fixture
def suggestion(shared_dir):
    import_essay()
    found = DuplicateSuggestion.objects.get(status="open")
    assert {found.talk.public, found.other.public} == {True, False}
    return found


def test_the_essay_pair_merges_through_its_preview_and_stays_public(admin_client, suggestion):
    talks = [suggestion.talk, suggestion.other]
    public, draft = sorted(talks, key=lambda t: not t.public)
    before = talk_totals([t.pk for t in talks])
    themes_before = theme_claims()
    public_count_before = admin_client.get(public.get_absolute_url()).context["claim_count"]

    changelist = admin_client.get(reverse("admin:notes_duplicatesuggestion_changelist"))
    ids = f"{min(public.pk, draft.pk)}%2C{max(public.pk, draft.pk)}"
    merge_url = reverse("admin:notes_talk_merge") + f"?ids={ids}"
    assert merge_url.encode() in changelist.content
    # The curator keeps the draft as the survivor; the default visibility is still public.
    preview = admin_client.get(f"{merge_url}&survivor={draft.pk}")
    assert preview.status_code == 200
    assert preview.context["preview"].public is True
    page = preview.content.decode()
    assert public.get_absolute_url() in page and "summary moves" in page

    response = admin_client.post(
        reverse("admin:notes_talk_merge"),
        {"ids": f"{public.pk},{draft.pk}", "survivor": draft.pk, "public": "1", "confirm": "1"},
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    survivor = Talk.objects.get()
    assert survivor.pk == draft.pk and survivor.public
    assert talk_totals([survivor.pk]) == before
    assert theme_claims() == themes_before  # every claim keeps every theme
    assert (
        admin_client.get(survivor.get_absolute_url()).context["claim_count"] >= public_count_before
    )
    old = admin_client.get(public.get_absolute_url())
    assert old.status_code == 301 and old["Location"] == survivor.get_absolute_url()
    suggestion.refresh_from_db()
    assert suggestion.status == "merged"
    entries = LogEntry.objects.filter(object_id__in=[str(public.pk), str(draft.pk)])
    assert {(int(e.object_id), e.action_flag) for e in entries} == {
        (public.pk, DELETION),
        (draft.pk, CHANGE),
    }

    # Re-importing both files changes nothing the curator decided: one talk, still public.
    import_essay()
    assert Talk.objects.count() == 1 and Talk.objects.get().public
    assert not DuplicateSuggestion.objects.filter(status="open").exists()


def test_choosing_draft_on_the_preview_hides_the_merged_talk(admin_client, suggestion):
    ids = [suggestion.talk_id, suggestion.other_id]
    admin_client.post(
        reverse("admin:notes_talk_merge"),
        {"ids": ",".join(map(str, ids)), "survivor": ids[0], "public": "0", "confirm": "1"},
    )
    talk = Talk.objects.get()
    assert not talk.public and "public" in talk.curated_fields


def test_a_dismissed_pair_stays_dismissed_across_reimports(admin_client, suggestion):
    response = admin_client.post(
        reverse("admin:notes_duplicatesuggestion_dismiss", args=[suggestion.pk])
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "dismissed"
    assert LogEntry.objects.filter(object_id=str(suggestion.pk), action_flag=CHANGE).exists()
    import_essay()
    assert list(DuplicateSuggestion.objects.values_list("status", flat=True)) == ["dismissed"]


def test_suggestion_detail_offers_merge_and_dismiss(admin_client, suggestion):
    page = admin_client.get(
        reverse("admin:notes_duplicatesuggestion_change", args=[suggestion.pk])
    ).content.decode()
    assert reverse("admin:notes_talk_merge") in page
    assert reverse("admin:notes_duplicatesuggestion_dismiss", args=[suggestion.pk]) in page
