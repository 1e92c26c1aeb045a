"""Browsing the site in Chromium: navigation, moment links, tag narrowing, search, language switch."""

import re

import pytest

# serialized_rollback: the live server needs committed data; the seeded themes come back after each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_lists_themes_and_talks_styled_from_static(web, site):
    web.visit("/")
    page = web.page
    themes = page.locator(".theme-card h3 a").all_inner_texts()
    assert "Generalization" in themes and "Robotics" in themes
    talks = page.locator(".talk-list .talk-title").all_inner_texts()
    assert talks == [site["talk"].title, site["other"].title]
    # The stylesheet from static/ is applied: the header's background and the page's font stack.
    header_background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_background == "rgb(245, 246, 248)"
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font


def test_home_to_theme_to_claim_to_the_moment(web, site):
    web.visit("/")
    page = web.page
    page.get_by_role("link", name="Generalization", exact=True).click()
    page.wait_for_url(re.compile(r"/themes/generalization/$"))
    assert page.locator("h1").inner_text().startswith("Generalization")
    # In the theme's claim list (the claim is also one side of the theme's relation pair).
    claims = page.locator("section[aria-labelledby=claims-heading]")
    claims.get_by_role("link", name=site["first"].text).click()
    page.wait_for_url(re.compile(rf"/claims/{site['first'].pk}/$"))
    moment = page.locator("dd a.moment")
    assert moment.inner_text() == "23:20"
    assert moment.get_attribute("href") == "https://www.youtube.com/watch?v=abcdefghijk&t=1400s"


def test_tag_narrowing_with_shareable_urls(web, site):
    web.visit("/tags/")
    page = web.page
    page.locator(".facet-list a", has_text="Generalization").click()
    page.wait_for_url(re.compile(r"/tags/\?tag=generalization$"))
    assert page.locator("#tag-claims-heading").inner_text() == "3 claims"  # the pair is one
    # The facets now count only these claims; choosing one narrows with AND.
    facet = page.locator(".facet-list li", has_text="scaling")
    assert facet.locator(".count").inner_text() == "1"
    facet.locator("a").click()
    page.wait_for_url(re.compile(r"/tags/\?tag=generalization&tag=scaling$"))
    assert page.locator("#tag-claims-heading").inner_text() == "1 claim"
    assert page.locator(".claim-text").all_inner_texts() == [site["first"].text]
    # The same URL opened afresh shows the same narrowing.
    web.visit("/tags/?tag=generalization&tag=scaling")
    assert page.locator("#tag-claims-heading").inner_text() == "1 claim"
    page.get_by_role("link", name="Remove Generalization").click()
    page.wait_for_url(re.compile(r"/tags/\?tag=scaling$"))


@pytest.mark.parametrize(
    ("query", "expected_mark"),
    [("泛化", "泛化"), ("generaliz", "generalize")],
)
def test_search_in_chinese_and_english(web, site, query, expected_mark):
    web.visit("/")
    page = web.page
    page.locator("#header-q").fill(query)
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("#search-q").input_value() == query
    marks = page.locator(".claim-text mark").all_inner_texts()
    assert marks, "no highlighted match"
    assert any(mark.lower().startswith(expected_mark.lower()[:6]) for mark in marks)


def test_language_switch_to_chinese_and_back(web, site):
    web.visit(site["generalization"].get_absolute_url())
    page = web.page
    page.locator("#lang-select").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url(re.compile(r"/themes/generalization/$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text().startswith("泛化")
    assert (
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="演讲").is_visible()
    )
    page.locator("#lang-select").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_url(re.compile(r"/themes/generalization/$"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_talk_shows_each_point_once_with_its_translation_under_it(web, site):
    web.visit(site["talk"].get_absolute_url())
    page = web.page
    point = page.locator(".claim-point").first
    versions = point.locator(".claim-text")
    assert versions.count() == 2
    assert versions.nth(0).get_attribute("lang") == "en"
    assert versions.nth(1).get_attribute("lang") == "zh"
    first, second = versions.nth(0).bounding_box(), versions.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # under it
    assert page.get_by_text(site["chinese"].text).count() == 1
    # The table of contents jumps to the section, whose heading links to its moment.
    page.locator(".toc a", has_text="Why models generalize worse").click()
    page.wait_for_url(re.compile(r"#section-\d+$"))
    section_link = page.locator(".talk-section h3 a.moment").first
    assert section_link.get_attribute("href").endswith("&t=1400s")


@pytest.mark.parametrize("viewport", ["web", "phone"])
def test_the_theme_shows_where_its_speakers_agree_and_disagree(request, site, viewport):
    page = request.getfixturevalue(viewport)
    page.visit(site["generalization"].get_absolute_url())
    section = page.page.locator("section.theme-pairs")
    assert section.is_visible()
    text = section.inner_text()
    assert "Andrej Karpathy" in text and "Ilya Sutskever" in text and "refines" in text
    assert page.horizontal_overflow() == 0
    assert page.axe_violations() == []
    page.visit(site["generalization"].get_absolute_url() + "?lang=zh")  # filtered: no pairs
    assert page.page.locator("section.theme-pairs").count() == 0
    assert page.errors == []


@pytest.mark.parametrize("viewport", ["web", "phone"])
def test_the_speaker_page_lists_claims_by_talk_and_narrows_a_theme_to_the_speaker(
    request, site, viewport
):
    page = request.getfixturevalue(viewport)
    page.visit("/speakers/ilya-sutskever/")
    browser = page.page
    claims = browser.locator("section[aria-labelledby=speaker-claims-heading]")
    assert claims.locator(".talk-group h3 a").all_inner_texts() == [site["talk"].title]
    assert claims.get_by_text(site["first"].text).count() == 1
    assert page.horizontal_overflow() == 0
    assert page.axe_violations() == []
    # The speaker's theme leads to the theme page narrowed to them, the choice shown in the form.
    browser.locator(".chips a.chip-theme", has_text="Generalization").first.click()
    browser.wait_for_url(re.compile(r"/themes/generalization/\?speaker=ilya-sutskever$"))
    assert browser.locator("#id_speaker").input_value() == "ilya-sutskever"
    # Choosing "any speaker" in the form and filtering widens the list again.
    browser.locator("#id_speaker").select_option("")
    browser.get_by_role("button", name="Filter").click()
    browser.wait_for_url(re.compile(r"/themes/generalization/\?speaker=&"))
    assert (
        "Andrej Karpathy" in browser.locator("section[aria-labelledby=claims-heading]").inner_text()
    )
    assert page.errors == []
