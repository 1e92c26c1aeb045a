"""Search across languages: translations, the glossary and bilingual theme keywords."""

import pytest
from django.utils import translation

from notes.models import Claim, ClaimStatus, GlossaryTerm, Language, TaggedClaim
from notes.search import index_claims, search_claims
from tests.factories import ClaimFactory, SummaryFactory, TagFactory


def hits(query):
    # The reasons are interface text: read them in English, whatever an earlier test activated.
    with translation.override("en"):
        return search_claims(query, per_page=100).hits


def found(query) -> list[int]:
    return sorted(hit.claim.id for hit in hits(query))


@pytest.fixture
def pair(db):
    """An English claim and its Chinese version about a word no theme or glossary term knows."""
    summary = SummaryFactory()
    english = ClaimFactory(summary=summary, text="Weather models need more data.")
    chinese = ClaimFactory(summary=summary, text="天气模型需要更多数据。", language=Language.ZH)
    english.translation = chinese
    english.save()
    index_claims([english.id])  # the partner is re-indexed with it
    return english, chinese


def test_a_translated_point_is_one_hit_found_from_either_language(pair):
    english, chinese = pair
    assert found("weather") == [english.id]
    assert found("天气") == [english.id]
    (hit,) = hits("天气")
    assert hit.reasons == {english.id: "via translation"}
    assert "<mark>天气</mark>" in hit.highlights[chinese.id]


def test_lang_keeps_points_with_a_version_in_that_language(pair):
    english, _ = pair
    assert found("天气 lang:en") == [english.id]
    assert found("weather lang:zh") == [english.id]
    lone = ClaimFactory(text="只有中文的天气说法。", language=Language.ZH)
    index_claims([lone.id])
    assert found("天气 lang:en") == [english.id]
    assert found("天气 lang:zh") == sorted([english.id, lone.id])


def test_hiding_one_side_splits_the_point(pair):
    english, chinese = pair
    Claim.objects.filter(pk=english.pk).update(status=ClaimStatus.HIDDEN)
    index_claims([english.id])
    assert found("天气") == [chinese.id]
    assert found("weather") == []


@pytest.mark.django_db
def test_a_glossary_term_finds_the_other_language_and_says_so():
    GlossaryTerm.objects.create(english="sunshine", chinese="阳光")
    chinese = ClaimFactory(text="阳光让人快乐。", language=Language.ZH)
    english = ClaimFactory(text="Sunshine makes people happy.")
    index_claims([chinese.id, english.id])
    assert found("sunshine") == sorted([chinese.id, english.id])
    assert found("阳光") == sorted([chinese.id, english.id])
    reasons = {hit.claim.id: hit.reasons for hit in hits("阳光")}
    assert reasons[english.id] == {english.id: "via glossary: 阳光 = sunshine"}
    assert reasons[chinese.id] == {}
    assert found("阳光 lang:zh") == [chinese.id]  # lang still restricts


@pytest.mark.django_db
def test_a_glossary_term_of_several_words_is_read_as_one():
    GlossaryTerm.objects.create(english="world model", chinese="世界模型")
    chinese = ClaimFactory(text="世界模型是关键。", language=Language.ZH)
    index_claims([chinese.id])
    assert found("world model") == [chinese.id]
    assert found("world") == []  # one word of the term is not the term


@pytest.mark.django_db
def test_a_theme_bridges_through_its_names_keywords_and_tagged_claims():
    theme = TagFactory(
        slug="x-forecasting",
        name="Forecasting",
        name_zh="预测学",
        is_theme=True,
        keywords=["forecast", "预测"],
    )
    tagged = ClaimFactory(text="明年会怎样，没人说得准。", language=Language.ZH)
    TaggedClaim.objects.create(content_object=tagged, tag=theme)
    named = ClaimFactory(text="预测学是一门手艺。", language=Language.ZH)
    index_claims([tagged.id, named.id])
    # "forecasts" starts with the keyword "forecast": the theme's names and its claims match.
    assert found("forecasts") == sorted([tagged.id, named.id])
    reasons = {hit.claim.id: hit.reasons[hit.claim.id] for hit in hits("forecasts")}
    assert reasons == {
        tagged.id: "via theme: Forecasting (预测学)",
        named.id: "via theme: Forecasting (预测学)",
    }


@pytest.mark.django_db
def test_words_nothing_knows_stay_in_their_language():
    chinese = ClaimFactory(text="天空是蓝色的。", language=Language.ZH)
    index_claims([chinese.id])
    assert found("sky") == []
    assert found("天空") == [chinese.id]
