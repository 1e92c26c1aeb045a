"""A talk's page leads with the ideas: key points, then sections (with a table of contents), then
the source summaries collapsed and labelled by what they are."""

import re

import pytest

from notes.models import ClaimKind, Language
from tests.factories import ClaimFactory, SectionFactory, SummaryFactory, TalkFactory


@pytest.fixture
def talk(db):
    """A talk with a Chinese and a bilingual summary; a cover section and a timed, claimed one."""
    talk = TalkFactory(title="Agents and memory", url="https://www.youtube.com/watch?v=abcdefghijk")
    chinese = SummaryFactory(
        talk=talk,
        source_name="000_deadbeef.txt",
        language=Language.ZH,
        title_as_written="Agents and memory",
        html="<p>中文全文。</p>",
    )
    bilingual = SummaryFactory(
        talk=talk, source_name="001_cafebabe.txt", language=Language.MIXED, html="<p>Both.</p>"
    )
    cover = SectionFactory(summary=chinese, heading="封面", position=0)
    timed = SectionFactory(summary=chinese, heading="记忆为什么重要", position=1, start_seconds=125)
    ClaimFactory(
        summary=chinese,
        section=timed,
        kind=ClaimKind.DIALOGUE,
        text="对话里的一句话。",
        language=Language.ZH,
    )
    ClaimFactory(summary=bilingual, kind=ClaimKind.KEY_POINT, text="Memory is the bottleneck.")
    return {"talk": talk, "cover": cover, "timed": timed}


def page(client, talk, **headers):
    response = client.get(talk.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_key_points_come_before_sections_and_sections_before_summaries(client, talk):
    text = page(client, talk["talk"])
    key_point = text.index("Memory is the bottleneck.")
    section = text.index('id="section-')
    summaries = text.index('id="summaries-heading"')
    assert key_point < section < summaries
    assert text.index("对话里的一句话。") > section


def test_the_table_of_contents_jumps_to_sections_with_claims_or_times(client, talk):
    text = page(client, talk["talk"])
    toc = text[text.index('class="toc"') : text.index("</nav>", text.index('class="toc"'))]
    assert f'href="#section-{talk["timed"].pk}"' in toc
    assert f'id="section-{talk["timed"].pk}"' in text
    assert "封面" not in text  # no claim, no time: not content to jump to
    assert "&amp;t=125s" in text


def test_summaries_are_collapsed_and_labelled_by_what_they_are(client, talk):
    text = page(client, talk["talk"])
    labels = re.findall(r'<span class="summary-label">([^<]+)</span>', text)
    assert labels == ["Chinese summary", "English–Chinese summary"]
    assert "000_deadbeef.txt" not in text and "001_cafebabe.txt" not in text
    assert text.count('<details class="summary"') == 2
    assert '<details class="summary" open' not in text


def test_a_summary_stating_another_title_is_labelled_by_it(client, talk):
    summary = talk["talk"].summaries.get(source_name="001_cafebabe.txt")
    summary.title_as_written = "Notes from the Q&A"
    summary.save()
    text = page(client, talk["talk"])
    assert '<span class="summary-label">Notes from the Q&amp;A</span>' in text


def test_summary_labels_in_the_chinese_interface(client, talk):
    text = page(client, talk["talk"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    labels = re.findall(r'<span class="summary-label">([^<]+)</span>', text)
    assert labels == ["中文摘要", "中英双语摘要"]
