"""Reading in Chromium: each point once with both versions, talk pages that lead with the ideas on a
phone, search across languages on the samples, and the Chinese interface."""

import re
from urllib.parse import quote

import pytest

from notes.models import Talk
from tests.conftest import SAMPLES_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def samples(shared_dir):
    """The five sample summaries imported as the person would, with the search index built.

    The seeded themes and glossary are put back first: an earlier transactional test may have
    flushed them, and importing tags claims by the themes' keywords.
    """
    import importlib

    from django.apps import apps

    from notes.importer.pipeline import import_sources
    from notes.importer.types import SourceFile

    for migration in ("0002_seed_themes", "0010_reading"):
        module = importlib.import_module(f"notes.migrations.{migration}")
        (module.seed_themes if hasattr(module, "seed_themes") else module.seed)(apps, None)

    names = sorted(p.name for p in SAMPLES_DIR.glob("*.txt"))
    result = import_sources([SourceFile(n, (SAMPLES_DIR / n).read_bytes()) for n in names])
    assert result.failed == 0


def ilya_talk() -> Talk:
    """The talk of the samples with three summaries and translated key points."""
    return Talk.objects.filter(claims__translation__isnull=False).distinct().get()


def test_a_phone_reaches_the_first_key_point_within_two_screens(phone, samples):
    talk = ilya_talk()
    phone.visit(talk.get_absolute_url())
    page = phone.page
    first = page.locator(".key-points .claim").first
    top = first.bounding_box()["y"] + page.evaluate("() => window.scrollY")
    height = page.evaluate("() => window.innerHeight")
    total = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"phone: first key point at {top:.0f}px; viewport {height}px; page {total}px")
    assert top < 2 * height, f"first key point at {top}px, viewport {height}px"
    assert phone.horizontal_overflow() == 0
    # The summaries are there, collapsed, and never labelled by their file names.
    labels = page.locator(".source-summaries summary .summary-label").all_inner_texts()
    assert len(labels) == talk.summaries.count()
    assert not any(re.search(r"\.txt|[0-9a-f]{16}", label) for label in labels)
    assert page.locator(".source-summaries details[open]").count() == 0
    assert phone.errors == []


def test_the_talk_table_of_contents_jumps_to_a_section(web, samples):
    web.visit(ilya_talk().get_absolute_url())
    page = web.page
    link = page.locator(".toc a").nth(2)
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator(target).is_visible()
    box = page.locator(target).bounding_box()
    assert 0 <= box["y"] < 200  # scrolled to the section


@pytest.mark.parametrize("path_of", ["theme", "search"])
def test_a_paired_point_appears_once_with_both_versions(web, site, path_of):
    paths = {
        "theme": site["generalization"].get_absolute_url(),
        "search": "/search/?q=" + quote("价值函数"),
    }
    web.visit(paths[path_of])
    page = web.page
    assert page.get_by_text(site["chinese"].text, exact=True).count() == 1
    assert page.get_by_text(site["english"].text, exact=True).count() == 1
    point = page.locator(".claim-point", has_text=site["english"].text)
    assert point.locator(".claim-text").count() == 2
    assert web.errors == []


@pytest.mark.parametrize(("query", "language"), [("泛化", "en"), ("generalization", "zh")])
def test_search_crosses_languages_on_the_samples(web, samples, query, language):
    web.visit("/search/?q=" + quote(query))
    page = web.page
    crossed = page.locator(f'.claim-text[lang="{language}"]')
    assert crossed.count() > 0
    assert page.locator(".match-reason").count() > 0  # results say why they matched
    assert web.errors == []


def test_the_chinese_interface_shows_chinese_theme_descriptions(browser, live_server, site):
    theme = site["generalization"]
    theme.description_zh = "模型能否把学到的东西用到新情境中。"
    theme.save()
    context = browser.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-Hans"})
    try:
        page = context.new_page()
        page.goto(live_server.url + theme.get_absolute_url())
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
        assert page.locator(".lead").first.inner_text() == theme.description_zh
        page.goto(live_server.url + site["talk"].get_absolute_url())
        assert page.locator(".talk-head time").first.inner_text() == "2025年11月25日"
        # The point's Chinese version comes first in the Chinese interface.
        point = page.locator(".claim-point").first
        assert point.locator(".claim-text").first.get_attribute("lang") == "zh"
    finally:
        context.close()


def test_no_serious_accessibility_violations_on_reading_pages(web, samples):
    found = {}
    for path in [
        ilya_talk().get_absolute_url(),
        "/search/?q=" + quote("泛化"),
        "/themes/generalization/",
    ]:
        web.visit(path)
        violations = web.axe_violations()
        if violations:
            found[path] = violations
    assert found == {}
