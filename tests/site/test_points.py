"""One point, both languages: a claim and its translation are listed and counted once everywhere."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from notes import queries
from notes.models import Claim, ClaimStatus, Language
from notes.points import point_versions, points, points_in
from tests.factories import ClaimFactory, SummaryFactory
from tests.site.builders import make_theme, tag_claim, translated_pair


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def claim_texts(text: str) -> list[str]:
    """The linked texts of every claim version on a page, in order."""
    return re.findall(r'<p class="claim-text[^"]*" lang="\w+"><a href="[^"]+">([^<]+)</a>', text)


@pytest.fixture
def pair_on_one_side(db):
    """A pair whose Chinese side alone carries the theme, and a pair whose sides link each other."""
    theme = make_theme("p-theme", "Point theme", "要点主题")
    summary = SummaryFactory()
    english = ClaimFactory(summary=summary, text="Agents need memory.")
    chinese = ClaimFactory(summary=summary, text="智能体需要记忆。", language=Language.ZH)
    chinese.translation = english  # linked from the Chinese side
    chinese.save()
    tag_claim(chinese, theme)
    first, second = translated_pair(summary, None, "Reward is enough.", "奖励就够了。", theme)
    second.translation = first  # both directions, as the importer links them
    second.save()
    return {
        "theme": theme,
        "english": english,
        "chinese": chinese,
        "first": first,
        "second": second,
    }


def test_points_keep_the_lower_id_of_a_visible_pair(pair_on_one_side):
    listed = set(points(queries.public_claims()).values_list("pk", flat=True))
    assert listed == {pair_on_one_side["english"].pk, pair_on_one_side["first"].pk}


def test_a_pair_is_listed_by_whichever_side_the_list_holds(pair_on_one_side):
    on_theme = queries.public_claims().filter(queries.has_tag(pair_on_one_side["theme"]))
    listed = set(points(on_theme).values_list("pk", flat=True))
    # Only the Chinese side of the first pair carries the theme: it stands for its point here.
    assert listed == {pair_on_one_side["chinese"].pk, pair_on_one_side["first"].pk}


def test_the_python_twin_agrees_with_the_query(pair_on_one_side):
    everything = list(queries.for_display(queries.public_claims()).order_by("pk"))
    assert [c.pk for c in points_in(everything)] == sorted(
        points(queries.public_claims()).values_list("pk", flat=True)
    )


def test_the_version_in_the_interface_language_comes_first(pair_on_one_side):
    claim = queries.for_display(Claim.objects.filter(pk=pair_on_one_side["english"].pk)).get()
    with translation.override("en"):
        assert [v.language for v in point_versions(claim)] == ["en", "zh"]
    with translation.override("zh-hans"):
        assert [v.language for v in point_versions(claim)] == ["zh", "en"]


def test_a_hidden_partner_is_neither_shown_nor_standing_in(pair_on_one_side):
    Claim.objects.filter(pk=pair_on_one_side["first"].pk).update(status=ClaimStatus.HIDDEN)
    listed = set(points(queries.public_claims()).values_list("pk", flat=True))
    assert pair_on_one_side["second"].pk in listed
    claim = queries.for_display(Claim.objects.filter(pk=pair_on_one_side["second"].pk)).get()
    assert point_versions(claim) == [claim]


def test_theme_page_shows_each_point_once_with_both_versions(client, pair_on_one_side):
    text = html(client.get(pair_on_one_side["theme"].get_absolute_url()))
    texts = claim_texts(text)
    assert sorted(texts) == sorted(
        ["Agents need memory.", "智能体需要记忆。", "Reward is enough.", "奖励就够了。"]
    )
    assert texts.index("Agents need memory.") + 1 == texts.index("智能体需要记忆。")
    assert "2 claims" in text


def test_chinese_interface_puts_the_chinese_version_first(client, pair_on_one_side):
    text = html(
        client.get(pair_on_one_side["theme"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    )
    texts = claim_texts(text)
    assert texts.index("奖励就够了。") + 1 == texts.index("Reward is enough.")


def test_speaker_and_tag_pages_count_points(client, kb):
    speaker = html(client.get(kb.ilya.get_absolute_url()))
    assert speaker.count(kb.chinese.text) == 1
    tags = html(client.get(reverse("notes:tags"), {"tag": kb.rl.slug}))
    assert tags.count(kb.chinese.text) == 1 and tags.count(kb.english.text) == 1


def test_related_claims_list_a_pair_from_another_talk_once(client, kb):
    other_summary = SummaryFactory(talk=kb.other)
    english, chinese = translated_pair(
        other_summary, kb.karpathy, "Agents will learn on the job.", "智能体会在工作中学习。", kb.rl
    )
    text = html(client.get(kb.english.get_absolute_url()))
    related = text[text.index('id="related-heading"') :]
    assert related.count(english.text) + related.count(chinese.text) == 1


def test_related_claims_are_the_newest_of_each_themes_window(db, client, monkeypatch):
    """Related claims come from each theme's newest tagged claims, from other talks, on either theme."""
    from notes.views import claims as claim_views

    monkeypatch.setattr(claim_views, "RELATED_WINDOW", 3)
    first, second = (
        make_theme("w-one", "Window one", "窗口一"),
        make_theme("w-two", "Window two", "窗口二"),
    )
    here = ClaimFactory(text="The claim whose page we read.")
    tag_claim(here, first)
    tag_claim(here, second)
    elsewhere = SummaryFactory()
    older = [ClaimFactory(summary=elsewhere, text=f"Older point {n}.") for n in range(3)]
    newer = [ClaimFactory(summary=elsewhere, text=f"Newer point {n}.") for n in range(3)]
    on_second = ClaimFactory(summary=elsewhere, text="A point on the second theme only.")
    untagged = ClaimFactory(summary=elsewhere, text="A point on no theme.")
    for claim in older + newer:
        tag_claim(claim, first)
    tag_claim(on_second, second)
    text = html(client.get(here.get_absolute_url()))
    related = text[text.index('id="related-heading"') :]
    assert all(claim.text in related for claim in [*newer, on_second])
    # The first theme's window of 3 holds the newer points (and this claim): the older fall outside it.
    assert not any(claim.text in related for claim in older)
    assert untagged.text not in related


def test_related_claims_keep_the_rows_points_keeps(db):
    """The related list applies the points rule in Python over its candidates: the same rows as
    notes.points over the same set, pairs linked from either side, newest first."""
    from notes.views.claims import RELATED_CLAIMS, related_claims

    theme = make_theme("r-rule", "Rule theme", "规则主题")
    here = ClaimFactory(text="The claim whose page we read.")
    tag_claim(here, theme)
    elsewhere = SummaryFactory()
    lone = ClaimFactory(summary=elsewhere, text="A lone point.")
    english, _ = translated_pair(elsewhere, None, "In English.", "中文。", theme)
    # A pair linked from the higher id: the lower one still stands for the point.
    later_en = ClaimFactory(summary=elsewhere, text="Later English.")
    later_zh = ClaimFactory(summary=elsewhere, text="更晚的中文。")
    later_zh.translation = later_en
    later_zh.save(update_fields=["translation"])
    for claim in (lone, later_en, later_zh):
        tag_claim(claim, theme)
    candidates = queries.public_claims().exclude(talk=here.talk).filter(queries.has_tag(theme))
    related = related_claims(here, [theme.pk])
    kept = points(candidates).order_by("-created", "-pk").values_list("pk", flat=True)
    assert [claim.pk for claim in related] == list(kept)[:RELATED_CLAIMS]
    assert {claim.pk for claim in related} == {lone.pk, english.pk, later_en.pk}
    assert all(claim.talk.title == elsewhere.talk.title for claim in related)


def test_a_listing_row_reads_the_claim_translating_it_without_a_join(
    pair_on_one_side, django_assert_num_queries
):
    from notes.claim_rows import attach_tags, row_queryset

    english, chinese = pair_on_one_side["english"], pair_on_one_side["chinese"]
    rows = row_queryset(Claim.objects.filter(pk__in=[english.pk, pair_on_one_side["first"].pk]))
    reverse_join = r'JOIN "notes_claim" \w+ ON \("notes_claim"\."id" = \w+\."translation_id"\)'
    assert re.search(reverse_join, str(rows.query)) is None
    assert re.search(reverse_join, str(queries.for_display(Claim.objects.all()).query))  # the check
    with django_assert_num_queries(2):  # the rows (the partner by a subquery per row), the tags
        claims = {claim.pk: claim for claim in attach_tags(list(rows.order_by("pk")))}
        versions = point_versions(claims[english.pk], "en")
    assert [v.pk for v in versions] == [english.pk, chinese.pk]  # linked from the Chinese side only
    assert versions[1].text == "智能体需要记忆。"
    assert point_versions(claims[pair_on_one_side["first"].pk], "en")[1].pk == (
        pair_on_one_side["second"].pk
    )
