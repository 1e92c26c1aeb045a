"""What is not talk content: noise headings and labels, promotion, footers, links, reader advice."""

import pytest

from notes.importer.extract.markdown_tree import parse_blocks
from notes.importer.extract.noise import (
    is_date_only,
    is_footer,
    is_link_only,
    is_promotion,
    reader_advice_lists,
)
from notes.importer.extract.vocabulary import phrase_class

from .helpers import only_talk


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("欢迎交流与合作", "noise"),
        ("**Reference Documents & Links Mentioned:**", "noise"),
        ("Links and Resources", "noise"),
        ("Books mentioned in this episode", "noise"),
        ("参考资料", "noise"),
        ("延伸阅读", "noise"),
        ("Notable Companies/People", "noise"),
        ("--- Podcast Metadata ---", "noise"),
        ("封面", "noise"),
        ("### Key Points:", "keypoint"),
        ("TL;DR", "keypoint"),
        ("核心观点", "keypoint"),
        ("Notable Quotes or Highlights", "highlight"),
        ("重要原话", "highlight"),
        ("Discussion Questions", "questions"),
        ("Vision of SSI Companies", None),
        ("Why attention emerged", None),
    ],
)
def test_phrase_classes(heading, kind):
    assert phrase_class(heading) == kind


@pytest.mark.parametrize(
    "line",
    [
        "想进一步交流可加微信（abc123）",
        "欢迎关注我们的公众号",
        "Subscribe to the newsletter for more",
        "Use promo code TEA",
    ],
)
def test_promotion(line):
    assert is_promotion(line)


@pytest.mark.parametrize(
    "line", ["我们应当关注有感知生命的价值。", "They follow the data wherever it leads."]
)
def test_ordinary_words_are_not_promotion(line):
    assert not is_promotion(line)


@pytest.mark.parametrize(
    "line",
    [
        "本文发表于 2024-01-01。",
        "Highlights first synced by Readwise",
        "Here is a comprehensive summary of the talk:",
    ],
)
def test_footers(line):
    assert is_footer(line)


def test_link_only_lines():
    lines = [
        parse_blocks(text)[0].lines[0]
        for text in (
            "Jane Roe: https://www.youtube.com/watch?v=abcdefghijk",
            "[The paper](https://example.com/paper)",
            "See [the paper](https://example.com/paper) for the proof, which takes ten pages.",
        )
    ]
    assert [is_link_only(line) for line in lines] == [True, True, False]


def test_date_only_lines():
    assert is_date_only("On Monday, Jan 27th, 2025")
    assert not is_date_only("In 2025 the panel argued that tools must change.")


def test_reader_advice_lists_are_found():
    advice = "\n".join(
        [
            "- Consider how this could inspire your own garden plans.",
            "- Think about how your family might use the tips.",
            "- Explore whether your balcony gets enough light.",
        ]
    )
    report = "\n".join(
        [
            "- The speaker grows tomatoes on a roof.",
            "- You need six hours of sun, she says.",
            "- Compost is cheap.",
        ]
    )
    blocks = parse_blocks(advice + "\n\nText\n\n" + report)
    lists = reader_advice_lists(blocks)
    assert len(lists) == 1
    assert {blocks[0].list_id} == lists


def test_noise_sections_yield_no_claims():
    talk = only_talk(
        "## Key Points\n- Roots need air as much as water.\n\n"
        "## References\n- Smith, Soil and Roots, 1999\n\n"
        "## 欢迎交流与合作\n想进一步交流可加微信（garden99）。\n\n"
        "> 本文发表于 2024-05-01。\n\n"
        "```\n┌────┐\n│ box │\n└────┘\n```\n"
    )
    assert [claim.text for claim in talk.claims] == ["Roots need air as much as water."]
