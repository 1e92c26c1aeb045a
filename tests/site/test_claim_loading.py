"""Claims and talks built by hand (notes.claim_loading) hold the values the ORM reads."""

import datetime as dt

import pytest

from notes.claim_loading import load_points, load_talks
from notes.models import Claim, Language, Talk
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory, TalkFactory

pytestmark = pytest.mark.django_db

TALK_FIELDS = ("id", "title", "slug", "published", "published_precision", "url", "youtube_id")


@pytest.fixture
def pair():
    """An English claim and its Chinese translation, in a dated talk with a video."""
    talk = TalkFactory(
        slug="loaded-talk",
        title="Loaded talk",
        url="https://www.youtube.com/watch?v=abcdefghijk",
        youtube_id="abcdefghijk",
        published=dt.date(2024, 3, 9),
        published_precision="day",
    )
    summary = SummaryFactory(talk=talk)
    speaker = SpeakerFactory(name="Loaded Speaker", slug="loaded-speaker")
    english = ClaimFactory(summary=summary, speaker=speaker, text="Loaded claim.", position=1)
    chinese = ClaimFactory(summary=summary, language=Language.ZH, text="载入的观点。", position=2)
    chinese.translation = english
    chinese.save()
    return english, chinese


def test_every_field_of_a_loaded_claim_and_its_talk_is_the_orms(pair):
    english, chinese = pair
    loaded = load_points([english.pk, chinese.pk])
    assert list(loaded) == [english.pk, chinese.pk]
    for pk, claim in loaded.items():
        fresh = Claim.objects.select_related("talk", "speaker").get(pk=pk)
        for name in ("text", "language", "kind", "position", "status", "translation_id"):
            assert getattr(claim, name) == getattr(fresh, name), name
        for name in TALK_FIELDS:  # in the model's field order, not the order they were named in
            assert getattr(claim.talk, name) == getattr(fresh.talk, name), name
    assert loaded[english.pk].speaker.slug == "loaded-speaker"
    # Both sides of the translation link are read with the rows.
    assert loaded[chinese.pk].translation.pk == english.pk
    assert loaded[english.pk].translated_from.pk == chinese.pk


def test_talks_read_with_select_star_hold_the_orms_values(pair):
    talk = Talk.objects.get(slug="loaded-talk")
    [loaded] = load_talks(f"SELECT t.* FROM {Talk._meta.db_table} t WHERE t.id = %s", [talk.pk])
    for name in (*TALK_FIELDS, "public", "created"):
        assert getattr(loaded, name) == getattr(talk, name), name
