"""Title choice: front matter, labels, title headings, generic headings, derived titles."""

import pytest

from notes.importer.extract.titles import clean_title, derive_title
from notes.importer.extract.vocabulary import is_generic_title

from .helpers import only_talk


@pytest.mark.parametrize(
    "heading",
    ["YouTube Video Summary", "Summary", "Notes", "Key Points", "全文", "Podcast Summary", ""],
)
def test_generic_headings(heading):
    assert is_generic_title(heading)


@pytest.mark.parametrize(
    "heading", ["State of GPT", "Podcast Summaries for 2025-05-18", "强化学习的未来"]
)
def test_specific_headings(heading):
    assert not is_generic_title(heading)


def test_logseq_highlights_suffix_and_escapes_are_removed():
    assert clean_title('"\\#12 – A Talk (highlights)"') == "#12 – A Talk"


def test_front_matter_title_wins_and_a_conflicting_heading_is_reported():
    talk = only_talk(
        "---\ntitle: Tea Notes\n---\n# Brewing Green Tea with Ada Chen\n\n- Water below boiling keeps it sweet.\n"
    )
    assert talk.title == "Tea Notes"
    document_warnings = (
        __import__("tests.extract.helpers", fromlist=["x"])
        .extract_text(
            "---\ntitle: Tea Notes\n---\n# Brewing Green Tea with Ada Chen\n\n- Water below boiling keeps it sweet.\n"
        )
        .warnings
    )
    assert any("differs from the heading" in warning for warning in document_warnings)


def test_a_labelled_title_line_is_used_and_is_not_a_claim():
    talk = only_talk(
        "## 封面\n- 标题：慢火煮茶的十个要点\n- 链接：https://example.com/tea\n\n## 摘要\n- 水温决定了茶汤的甜度与层次。\n"
    )
    assert talk.title == "慢火煮茶的十个要点"
    assert talk.url == "https://example.com/tea"
    assert [claim.text for claim in talk.claims] == ["水温决定了茶汤的甜度与层次。"]


def test_a_bold_summary_of_the_podcast_line_gives_the_title():
    talk = only_talk(
        '**Summary of the Podcast: "Gardens in Small Cities"**\n\nThe talk argues that shade matters more than soil.\n'
    )
    assert talk.title == "Gardens in Small Cities"
    assert all("Summary of the Podcast" not in claim.text for claim in talk.claims)


def test_the_only_top_heading_is_the_title():
    talk = only_talk(
        "## Rivers and Their Towns\n\nSome prose about rivers shaping trade routes.\n\n#### Detail\n\nMore words here about mills.\n"
    )
    assert talk.title == "Rivers and Their Towns"
    assert not talk.title_is_derived


def test_a_dated_pandoc_heading_gives_title_and_month():
    talk = only_talk(
        "#[2021/07] Notes on Bridges\n\nSuspension bridges spread load through their cables.\n"
    )
    assert talk.title == "Notes on Bridges"
    assert (talk.published.isoformat(), talk.published_precision) == ("2021-07-01", "month")


def test_several_top_headings_and_colon_headings_are_not_titles():
    talk = only_talk(
        "### First Aspects:\n\n1. A point about kettles and how they boil.\n\n### Second Aspects:\n\n1. Another point about cups.\n",
        name="kettle-notes/notes.md",
    )
    assert talk.title_is_derived
    assert "Aspects" not in talk.title
    assert talk.title == "Kettle notes"


def test_derived_title_from_a_meaningful_file_name():
    assert derive_title("2023-03-29-tea-ceremony-basics.md", []) == (
        "Tea ceremony basics",
        "file name",
    )


def test_a_hex_file_name_falls_back_to_the_first_sentence():
    title, how = derive_title(
        "003_204700a6ae690a8c.txt", ["我一直在想，为什么好茶总要慢慢泡。后面还有很多话。"]
    )
    assert (title, how) == ("我一直在想，为什么好茶总要慢慢泡", "text")


def test_a_greeting_is_never_a_title():
    title, _ = derive_title(
        "0123abcdef4567.txt", ["，大家好，这里是小周的节目。今天聊聊如何挑选茶叶和茶具。"]
    )
    assert "大家好" not in title
    assert title.startswith("今天聊聊")


def test_long_first_sentences_are_shortened():
    title, _ = derive_title("a1b2c3d4e5f6.md", ["word " * 40])
    assert len(title) <= 61 and title.endswith("…")
