"""Speaker duplicate suggestions: same spelling, a one-word name inside another's alias, surname and
initial; dismissed pairs stay dismissed, even after one side is merged with someone else."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from notes.models import DismissedSpeakerPair
from notes.services.merge import merge_speakers
from notes.services.speaker_duplicates import dismiss_speaker_pair, find_speaker_duplicates
from tests.factories import SpeakerAliasFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def pairs():
    return {frozenset([p.first.name, p.second.name]): p for p in find_speaker_duplicates()}


def test_one_person_in_two_scripts_linked_by_an_alias():
    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚·苏茨科夫")
    SpeakerFactory(name="伊利亚", slug="伊利亚")
    found = pairs()[frozenset(["Ilya Sutskever", "伊利亚"])]
    assert found.strength == 2
    assert any("伊利亚·苏茨科夫" in line for line in found.evidence)


def test_an_alias_that_is_another_speakers_name():
    karpathy = SpeakerFactory(name="Andrej Karpathy", slug="andrej-karpathy")
    SpeakerAliasFactory(speaker=karpathy, alias="安德烈·卡帕西")
    SpeakerFactory(name="安德烈 卡帕西", slug="kapaxi")  # the same spelling, spaced differently
    assert pairs()[frozenset(["Andrej Karpathy", "安德烈 卡帕西"])].strength == 3


def test_surname_and_initial():
    SpeakerFactory(name="Richard Sutton", slug="richard-sutton")
    SpeakerFactory(name="R. Sutton", slug="r-sutton")
    SpeakerFactory(name="Ilse Sutton", slug="ilse-sutton")  # another initial: someone else
    found = pairs()
    assert frozenset(["R. Sutton", "Richard Sutton"]) in found
    assert not any("Ilse Sutton" in names for names in found)


def test_dismissed_pairs_stay_dismissed_through_a_merge():
    richard = SpeakerFactory(name="Richard Sutton", slug="richard-sutton")
    short = SpeakerFactory(name="R. Sutton", slug="r-sutton")
    other = SpeakerFactory(name="Rich Sutton", slug="rich-sutton")
    dismiss_speaker_pair(short, other)
    assert frozenset(["R. Sutton", "Rich Sutton"]) not in pairs()
    merge_speakers(richard, [short])
    assert DismissedSpeakerPair.objects.filter(low=richard, high=other).exists()
    assert pairs() == {}


def test_duplicates_page_shows_evidence_and_dismisses(admin_client, client):
    richard = SpeakerFactory(name="Richard Sutton", slug="richard-sutton")
    short = SpeakerFactory(name="R. Sutton", slug="r-sutton")
    url = reverse("admin:notes_speaker_duplicates")
    page = admin_client.get(url).content.decode()
    assert "share the surname" in page
    assert reverse("admin:notes_speaker_merge") in page
    dismiss = reverse("admin:notes_speaker_dismiss_pair")
    assert admin_client.post(dismiss, {"first": short.pk, "second": richard.pk}).status_code == 302
    assert "share the surname" not in admin_client.get(url).content.decode()
    assert LogEntry.objects.filter(object_id=str(richard.pk)).exists()
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.post(dismiss, {"first": short.pk, "second": richard.pk}).status_code == 302


def test_aliases_are_edited_inline_in_any_script(admin_client):
    speaker = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    url = reverse("admin:notes_speaker_change", args=[speaker.pk])
    page = admin_client.get(url)
    formset = page.context["inline_admin_formsets"][0].formset
    data = {"name": speaker.name, "slug": speaker.slug, "bio": ""}
    for name in formset.management_form.fields:
        data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    data[f"{formset.prefix}-0-alias"] = "伊利亚·苏茨科夫"
    assert admin_client.post(url, data).status_code == 302
    assert list(speaker.aliases.values_list("alias", flat=True)) == ["伊利亚·苏茨科夫"]
    SpeakerFactory(name="Nobody Aliased", slug="nobody-aliased")
    no_alias = admin_client.get(reverse("admin:notes_speaker_changelist"), {"aliases": "none"})
    assert [s.name for s in no_alias.context["cl"].result_list] == ["Nobody Aliased"]
