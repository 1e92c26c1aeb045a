"""Translation pairs linked and unlinked by hand, and claim relations of every kind from the admin."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ClaimRelation
from notes.services.translations import link_translations, unlink_translation
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notes_claim_changelist"


def test_linking_pairs_both_ways_and_frees_old_partners():
    english = ClaimFactory(text="Value functions short-circuit learning.")
    old_partner = ClaimFactory(text="旧的翻译", language="zh", summary=english.summary)
    link_translations(english, old_partner)
    chinese = ClaimFactory(text="价值函数让学习走捷径。", language="zh", summary=english.summary)

    link_translations(english, chinese)

    english.refresh_from_db()
    chinese.refresh_from_db()
    old_partner.refresh_from_db()
    assert (english.translation_id, chinese.translation_id) == (chinese.pk, english.pk)
    assert old_partner.translation_id is None
    assert not Claim.objects.filter(translation=old_partner).exists()
    assert "translation" in english.curated_fields and "translation" in old_partner.curated_fields
    with pytest.raises(ValueError):
        link_translations(english, ClaimFactory(summary=english.summary))  # both English

    assert set(unlink_translation(chinese)) == {english.pk, chinese.pk}
    english.refresh_from_db()
    assert english.translation_id is None


def test_admin_actions_link_and_unlink_and_are_logged(admin_client):
    english = ClaimFactory(text="Pre-training is breadth.")
    chinese = ClaimFactory(text="预训练是广度。", language="zh", summary=english.summary)
    url = reverse(CHANGELIST)
    admin_client.post(
        url, {"action": "link_translations", "_selected_action": [english.pk, chinese.pk]}
    )
    english.refresh_from_db()
    assert english.translation_id == chinese.pk
    assert LogEntry.objects.filter(object_id=str(chinese.pk)).exists()
    admin_client.post(url, {"action": "unlink_translations", "_selected_action": [english.pk]})
    chinese.refresh_from_db()
    assert chinese.translation_id is None


TEA = """---
title: Tea notes
speaker: Ada Example
---
**Key Points:**
- **Slow water**: Boiling water scalds green tea leaves.
- **Fresh leaves**: Leaves lose aroma after a few months.

#### Translation

**Key Points:**
- **慢水**：沸水会烫伤绿茶的叶子。
- **新叶**：茶叶放几个月就会失去香气。
"""


def test_a_hand_unlinked_pair_stays_unlinked_after_reimport():
    import_sources([SourceFile("tea.md", TEA.encode())])
    paired = Claim.objects.filter(language="en", translation__isnull=False).order_by("pk")
    assert paired.count() == 2
    first = paired.first()
    unlink_translation(first)
    import_sources([SourceFile("tea.md", TEA.replace("few months", "few weeks").encode())])
    first.refresh_from_db()
    assert first.translation_id is None
    assert not Claim.objects.filter(translation=first).exists()


@pytest.mark.parametrize("kind", ["supports", "contradicts", "refines", "same_point"])
def test_relations_of_every_kind_are_made_on_the_claim_page(admin_client, kind):
    source = ClaimFactory(text="Continual learning is the bottleneck.")
    target = ClaimFactory(text="Pre-baking skills makes sense for common tools.")
    ClaimRelation.objects.create(source=source, target=target, kind=kind)
    page = admin_client.get(reverse("admin:notes_claim_change", args=[source.pk]))
    assert page.status_code == 200
    search = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "pre-baking",
            "app_label": "notes",
            "model_name": "claimrelation",
            "field_name": "target",
        },
    )
    assert [r["id"] for r in search.json()["results"]] == [str(target.pk)]
