"""The data model's rules: one talk per normalised URL, one speaker per alias, themes seeded."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from notes.models import SpeakerAlias, Tag, Talk
from notes.normalise import normalise_name, normalise_title, normalise_url, youtube_video_id
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "https://youtu.be/aR20FWCCjAs?si=tracking",
        "http://m.youtube.com/watch?v=aR20FWCCjAs&feature=share",
        "https://www.youtube.com/embed/aR20FWCCjAs",
        "https://www.youtube.com/watch?v=aR20FWCCjAs",
    ],
)
def test_youtube_urls_normalise_to_one_form(url):
    assert normalise_url(url) == "https://www.youtube.com/watch?v=aR20FWCCjAs"
    assert youtube_video_id(url) == "aR20FWCCjAs"


def test_other_urls_lose_tracking_and_trailing_slash():
    assert (
        normalise_url("HTTPS://Stratechery.com/2025/an-interview/?utm_source=x#top")
        == "https://stratechery.com/2025/an-interview"
    )
    assert normalise_url("javascript:alert(1)") == ""


def test_talk_url_is_unique_once_normalised():
    TalkFactory(url="https://youtu.be/aR20FWCCjAs")
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkFactory(url="https://www.youtube.com/watch?v=aR20FWCCjAs&t=10s")


def test_talks_without_url_do_not_collide():
    TalkFactory(url="")
    TalkFactory(url="")
    assert Talk.objects.filter(url="").count() == 2


def test_talk_keeps_video_id_and_links_to_moments():
    talk = TalkFactory(url="https://youtu.be/aR20FWCCjAs")
    assert talk.youtube_id == "aR20FWCCjAs"
    assert talk.moment_url(1400) == "https://www.youtube.com/watch?v=aR20FWCCjAs&t=1400s"
    plain = TalkFactory(url="https://example.org/episode/7")
    assert plain.moment_url(1400) == "https://example.org/episode/7"


def test_title_key_folds_case_dashes_quotes_and_summary_prefix():
    a = normalise_title(
        "Ilya Sutskever – We're moving from the age of scaling to the age of research"
    )
    b = normalise_title(
        'Summary of the Podcast: "Ilya Sutskever - We’re Moving From The Age Of Scaling To The Age Of Research"'
    )
    assert a == b


def test_speaker_names_compare_across_separators_and_case():
    assert normalise_name("伊利亚·苏茨科夫") == normalise_name("伊利亚 苏茨科夫")
    assert normalise_name("Ilya  SUTSKEVER") == normalise_name("ilya-sutskever")


def test_an_alias_belongs_to_one_speaker():
    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    other = SpeakerFactory(name="Someone Else", slug="someone-else")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚·苏茨科夫")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlias.objects.create(speaker=other, alias="伊利亚 苏茨科夫")
    clash = SpeakerAlias(speaker=other, alias="伊利亚·苏茨科夫")
    with pytest.raises(ValidationError, match="Ilya Sutskever"):
        clash.clean()


def test_themes_are_seeded_with_english_and_chinese_keywords():
    themes = {tag.slug: tag for tag in Tag.objects.filter(is_theme=True)}
    for slug, chinese in [
        ("generalization", "泛化"),
        ("rl-scaling", "强化学习"),
        ("continual-learning", "持续学习"),
    ]:
        assert chinese in themes[slug].keywords
    assert {"value-functions", "pre-training", "robotics", "superintelligence"} <= themes.keys()
    assert any(k in themes["value-functions"].keywords for k in ("值函数", "价值函数"))


def test_translation_link_and_claim_moment():
    talk = TalkFactory(url="https://www.youtube.com/watch?v=aR20FWCCjAs")
    english = ClaimFactory(summary__talk=talk, start_seconds=1400)
    chinese = ClaimFactory(
        summary=english.summary, language="zh", text="泛化能力", translation=english
    )
    english.translation = chinese
    english.save()
    assert chinese.translation == english and english.translated_from == chinese
    assert english.moment_url().endswith("&t=1400s")
