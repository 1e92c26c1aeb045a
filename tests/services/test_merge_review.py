"""Merging talks and speakers, reviewing claims, recording curated fields."""

import pytest

from notes.models import (
    Claim,
    DuplicateSuggestion,
    Speaker,
    SpeakerAlias,
    Summary,
    TaggedTalk,
    Talk,
    TalkSpeaker,
)
from notes.services.curation import mark_curated
from notes.services.merge import merge_speakers, merge_talks
from notes.services.review import set_claim_status
from tests.factories import (
    ClaimFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    SummaryFactory,
    TagFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_talks_moves_everything_and_closes_the_suggestion():
    keep, other, third = TalkFactory(), TalkFactory(), TalkFactory()
    claim = ClaimFactory(summary=SummaryFactory(talk=other))
    speaker = SpeakerFactory(name="Ada Lovelace")
    TalkSpeakerFactory(talk=keep, speaker=speaker)
    TalkSpeakerFactory(talk=other, speaker=speaker)  # the same row twice must not clash
    TalkSpeakerFactory(talk=other, speaker=SpeakerFactory(name="Grace Hopper"))
    tag = TagFactory(name="podcast", slug="podcast")
    keep.tags.add(tag)
    other.tags.add(tag, TagFactory(name="essay", slug="essay"))
    pair = DuplicateSuggestion.objects.create(talk=keep, other=other, score=0.4, reason="Alike.")
    onward = DuplicateSuggestion.objects.create(talk=other, other=third, score=0.3, reason="Also.")

    result = merge_talks(keep, [other])

    assert result == keep
    assert not Talk.objects.filter(pk=other.pk).exists()
    assert Summary.objects.get(pk=claim.summary_id).talk == keep
    assert Claim.objects.get(pk=claim.pk).talk == keep
    assert TalkSpeaker.objects.filter(talk=keep).count() == 2
    assert set(
        TaggedTalk.objects.filter(content_object=keep).values_list("tag__slug", flat=True)
    ) == {
        "podcast",
        "essay",
    }
    pair.refresh_from_db()
    assert (pair.status, pair.talk, pair.other) == ("merged", keep, None)
    onward.refresh_from_db()
    assert (onward.talk, onward.other) == (keep, third)


def test_merge_talks_with_nothing_else_is_a_no_op():
    keep = TalkFactory()
    assert merge_talks(keep, [keep]) == keep
    assert Talk.objects.count() == 1


def test_merge_speakers_turns_names_into_aliases():
    keep = SpeakerFactory(name="Ilya Sutskever")
    short = SpeakerFactory(name="Ilya")
    SpeakerAliasFactory(speaker=short, alias="伊利亚")
    talk = TalkFactory()
    TalkSpeakerFactory(talk=talk, speaker=keep)
    TalkSpeakerFactory(talk=talk, speaker=short)
    claim = ClaimFactory(speaker=short)

    merge_speakers(keep, [short])

    assert list(Speaker.objects.values_list("name", flat=True)) == ["Ilya Sutskever"]
    assert set(SpeakerAlias.objects.values_list("alias", flat=True)) == {"Ilya", "伊利亚"}
    assert Claim.objects.get(pk=claim.pk).speaker == keep
    assert TalkSpeaker.objects.filter(talk=talk).count() == 1


def test_set_claim_status_marks_status_curated():
    claims = [ClaimFactory(), ClaimFactory()]
    count = set_claim_status(Claim.objects.filter(pk__in=[c.pk for c in claims]), "hidden")

    assert count == 2
    assert set(Claim.objects.values_list("status", flat=True)) == {"hidden"}
    assert all(c.curated_fields == ["status"] for c in Claim.objects.all())


def test_set_claim_status_refuses_unknown_status():
    with pytest.raises(ValueError, match="Unknown claim status"):
        set_claim_status(Claim.objects.all(), "lost")


def test_mark_curated_adds_sorted_unique_names_and_saves():
    claim = ClaimFactory(curated_fields=["text"])
    mark_curated(claim, ["speaker", "text", "curated_fields"])

    assert claim.curated_fields == ["speaker", "text"]
    assert Claim.objects.get(pk=claim.pk).curated_fields == ["speaker", "text"]


def test_mark_curated_on_an_unsaved_object_only_changes_memory():
    claim = Claim(text="new", language="en", kind="key_point")
    mark_curated(claim, ["text"])
    assert claim.curated_fields == ["text"]
