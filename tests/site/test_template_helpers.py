"""The template helpers: clock times, dates by precision, moment links, theme names by language."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from notes.models import Talk
from notes.templatetags import kb_tags
from tests.factories import ClaimFactory, SummaryFactory, TagFactory, TalkFactory


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [
        (5000, "1:23:20"),
        (1400, "23:20"),
        (7, "0:07"),
        (3600, "1:00:00"),
        (0, "0:00"),
        (None, ""),
        ("x", ""),
    ],
)
def test_hms(seconds, clock):
    assert kb_tags.hms(seconds) == clock


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        (Talk.DatePrecision.DAY, "March 12, 2024", "2024-03-12"),
        (Talk.DatePrecision.MONTH, "March 2024", "2024-03"),
        (Talk.DatePrecision.YEAR, "2024", "2024"),
    ],
)
def test_talk_date_respects_precision(precision, shown, iso):
    talk = TalkFactory(published=dt.date(2024, 3, 12), published_precision=precision)
    with translation.override("en"):
        rendered = Template("{% load kb_tags %}{{ talk|talk_date }}").render(
            Context({"talk": talk})
        )
    assert rendered.replace("Mar.", "March") == shown
    assert kb_tags.talk_date_iso(talk) == iso


@pytest.mark.django_db
def test_moment_link_goes_to_the_youtube_second():
    talk = TalkFactory(url="https://youtu.be/abcdefghijk")
    claim = ClaimFactory(summary=SummaryFactory(talk=talk), start_seconds=1400)
    html = kb_tags.moment_link(claim)
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=1400s"' in html
    assert ">23:20</a>" in html


@pytest.mark.django_db
def test_moment_without_a_video_is_plain_text_or_the_source():
    no_url = ClaimFactory(summary=SummaryFactory(talk=TalkFactory(url="")), start_seconds=65)
    assert kb_tags.moment_link(no_url) == '<span class="moment">1:05</span>'
    untimed = ClaimFactory(start_seconds=None)
    assert kb_tags.moment_link(untimed) == ""


@pytest.mark.django_db
def test_a_section_moment_escapes_the_source_url_and_its_heading():
    talk = Talk(url='https://example.org/a?b=1&c="2"')
    section = SummaryFactory(talk=TalkFactory()).sections.create(
        heading="Q&A <live>", position=0, start_seconds=3725
    )
    html = kb_tags.section_moment(talk, section)
    assert html == (
        '<a class="moment" href="https://example.org/a?b=1&amp;c=&quot;2&quot;" '
        'aria-label="Watch from 1:02:05 (Q&amp;A &lt;live&gt;)" rel="noopener">1:02:05</a>'
    )


@pytest.mark.django_db
def test_a_claim_list_is_its_claims_rows_in_order():
    talk = TalkFactory(url="https://youtu.be/abcdefghijk")
    summary = SummaryFactory(talk=talk)
    claims = [
        ClaimFactory(summary=summary, talk=talk, text=text, start_seconds=seconds)
        for text, seconds in (("First <b>", 5), ("Second", None))
    ]
    context = Context({"claims": claims})
    one_by_one = Template(
        "{% load kb_tags %}{% for c in claims %}{% claim_row c show_speaker=True show_tags=True %}"
        "{% endfor %}"
    ).render(context)
    listed = Template(
        "{% load kb_tags %}{% claim_list claims show_speaker=True show_tags=True %}"
    ).render(context)
    assert listed == one_by_one
    assert listed.index("First &lt;b&gt;") < listed.index("Second") and "0:05" in listed


@pytest.mark.django_db
def test_theme_name_follows_the_interface_language():
    theme = TagFactory(slug="t-x", name="Timelines X", name_zh="时间线X", is_theme=True)
    with translation.override("zh-hans"):
        assert kb_tags.tag_name(theme) == "时间线X"
    with translation.override("en"):
        assert kb_tags.tag_name(theme) == "Timelines X"


def test_pagination_keeps_the_other_parameters():
    request = RequestFactory().get("/themes/x/", {"lang": "zh", "page": "2", "tag": ["a", "b"]})
    links = kb_tags.pagination({"request": request}, 2, 5)
    assert links["next_url"] == "?lang=zh&page=3&tag=a&tag=b"
    assert links["previous_url"] == "?lang=zh&page=1&tag=a&tag=b"
    assert links["last_url"] == "?lang=zh&page=5&tag=a&tag=b"
    assert links["first_url"] == ""


def test_html_lang_leaves_other_languages_unnamed():
    assert [kb_tags.html_lang(code) for code in ("en", "zh", "mixed", "other")] == [
        "en",
        "zh",
        "zh",
        "",
    ]


@pytest.mark.django_db
def test_talk_dates_are_written_per_interface_language():
    day = TalkFactory(published=dt.date(2025, 11, 25))
    year = TalkFactory(published=dt.date(2024, 1, 1), published_precision="year")
    with translation.override("zh-hans"):
        assert kb_tags.talk_date(day) == "2025年11月25日"
        assert kb_tags.talk_date(year) == "2024年"
    with translation.override("en"):
        assert kb_tags.talk_date(day) == "Nov. 25, 2025"
        assert kb_tags.talk_date(year) == "2024"


@pytest.mark.django_db
def test_theme_description_follows_the_interface_language():
    theme = TagFactory(slug="t-d", name="D", description="In English.", description_zh="中文描述。")
    with translation.override("zh-hans"):
        assert kb_tags.tag_description(theme) == "中文描述。"
    with translation.override("en"):
        assert kb_tags.tag_description(theme) == "In English."
    theme.description_zh = ""
    with translation.override("zh-hans"):
        assert kb_tags.tag_description(theme) == "In English."  # nothing better to show
