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


# Field evidence: one test per title rule, each on a short note of its own shape.


def _title_evidence(talk):
    return [item for item in talk.evidence if item.field == "title"]


def test_a_generic_front_matter_title_loses_to_the_heading_with_its_reason():
    talk = only_talk(
        "---\ntitle: Meeting Notes\n---\n# Pruning Old Apple Trees\n\nCut in late winter.\n"
    )
    assert talk.title == "Pruning Old Apple Trees"
    winner, *losers = _title_evidence(talk)
    assert (winner.source, winner.chosen) == ("H1", True)
    assert [(item.source, item.value, item.note) for item in losers] == [
        ("front matter title", "Meeting Notes", "generic")
    ]
    assert winner.sentence() == 'title: H1 "Pruning Old Apple Trees" (line 4)'


def test_a_summarizer_prefix_is_removed_from_the_title():
    talk = only_talk(
        "# Summary of YouTube Video Xy3_kLm9QwE: Ada Roe - Building Quiet Bridges\n\nSpans matter.\n"
    )
    assert talk.title == "Ada Roe - Building Quiet Bridges"
    assert "summarizer prefix removed" in _title_evidence(talk)[0].note


def test_emoji_at_either_end_of_a_title_are_removed():
    assert clean_title("🌊 Tides and the Moon 🌙✨") == "Tides and the Moon"
    assert clean_title("潮汐与月亮 🌙") == "潮汐与月亮"


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("山间茶园的一年 - 文字稿", "山间茶园的一年"),
        ("Night Trains of Europe (transcript)", "Night Trains of Europe"),
        ("城市里的鸟类 全文", "城市里的鸟类"),
        ("Glass Blowing Basics | Full Transcript", "Glass Blowing Basics"),
    ],
)
def test_document_type_suffixes_are_removed(written, title):
    assert clean_title(written) == title


def test_a_quoted_title_with_a_by_line_keeps_the_title_only():
    talk = only_talk(
        '# "Lighthouses of the North Sea" by Mara J. Olsen\n\nThe keepers logged every storm.\n'
    )
    assert talk.title == "Lighthouses of the North Sea"
    assert "by-line removed" in _title_evidence(talk)[0].note


def test_a_heading_repeated_as_a_link_line_is_the_title_and_not_a_claim():
    talk = only_talk(
        "## 바다의 소금 만들기\n[ 바다의 소금 만들기 ](https://www.youtube.com/watch?v=Sa1tMak3r0Q)\n\n"
        "### 증발\n- 햇볕에 말린다\n\n## 정리\n- 천천히 만든다\n",
        name="salt-making-video-notes.md",
    )
    assert talk.title == "바다의 소금 만들기"
    assert not talk.title_is_derived
    assert _title_evidence(talk)[0].source == "H2 repeated as a link"
    assert all("바다의 소금" not in claim.text for claim in talk.claims)


def test_the_repeated_h1_of_chunked_output_beats_the_file_name():
    chunk = "# Keeping Bees in Cities\n\nThis transcript covers hive placement.\n\n## Hives\n- Face them south.\n\n"
    talk = only_talk(
        chunk + "# Swarm Season\n\n- Watch in May.\n\n" + chunk, name="2024-05-01-bees-video.md"
    )
    assert talk.title == "Keeping Bees in Cities"
    assert "repeated 2 times" in _title_evidence(talk)[0].source


def test_a_link_line_to_a_video_in_the_first_lines_gives_the_title():
    talk = only_talk(
        "[How Rope Bridges Are Built in the Andes](https://youtu.be/R0peBr1dgeA)\n\n"
        "- Grass is twisted into cords.\n- The village rebuilds it each year.\n",
        name="0a1b2c3d4e5f.md",
    )
    assert talk.title == "How Rope Bridges Are Built in the Andes"
    assert _title_evidence(talk)[0].source == "link line"


def test_a_link_line_to_an_ordinary_page_is_not_a_title():
    talk = only_talk(
        "[The Rope Makers Guild](https://ropemakers.example.org)\n\n"
        "- Grass is twisted into cords.\n- The village rebuilds it each year.\n",
        name="0a1b2c3d4e5f.md",
    )
    assert talk.title != "The Rope Makers Guild"


def test_one_of_several_top_headings_is_recorded_as_not_a_title():
    talk = only_talk(
        "# Morning\n\n- Porridge with salt.\n\n# Evening\n\n- Soup and bread.\n",
        name="2022-01-01-meals-of-a-day.md",
    )
    assert talk.title_is_derived
    evidence = _title_evidence(talk)
    assert evidence[0].source == "file name" and evidence[0].chosen
    assert evidence[1].note == "one of 2 top-level headings"


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("How Glass Is Made - YouTube", "How Glass Is Made"),
        ("玻璃是怎样炼成的_哔哩哔哩_bilibili", "玻璃是怎样炼成的"),
        ("【文字稿】玻璃是怎样炼成的", "玻璃是怎样炼成的"),
        ("[Transcript] How Glass Is Made", "How Glass Is Made"),
    ],
)
def test_clipper_site_names_and_bracketed_document_types_are_removed(written, title):
    assert clean_title(written) == title


def test_a_template_placeholder_title_is_never_the_title():
    talk = only_talk("---\ntitle: '{{title}}'\n---\n# Glass Furnaces\n\nSand melts at high heat.\n")
    assert talk.title == "Glass Furnaces"
    lost = [item for item in talk.evidence if item.field == "title" and not item.chosen]
    assert lost[0].note == "a template placeholder"


def test_a_short_first_line_of_a_plain_note_is_its_title_before_the_file_name():
    talk = only_talk(
        "Harbour Pilots of Rotterdam, Episode 12\n\nWe board ships in any weather. The ladder is the hard part.\n",
        name="2021-02-03-harbour-pilots.txt",
    )
    assert talk.title == "Harbour Pilots of Rotterdam, Episode 12"
    assert not talk.title_is_derived
    assert all("Episode 12" not in claim.text for claim in talk.claims)


def test_a_bold_first_line_is_a_title_even_with_headings_below():
    talk = only_talk(
        "**港口引航员的一天**\n\n## 上船\n\n- 梯子是最难的部分。\n\n## 下船\n\n- 天气决定一切。\n"
    )
    assert talk.title == "港口引航员的一天"


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    talk = only_talk(
        "We board ships in any weather.\n\nThe ladder is the hard part of the job.\n",
        name="2021-02-03-harbour-pilots.txt",
    )
    assert talk.title == "Harbour pilots"
    assert talk.title_is_derived
