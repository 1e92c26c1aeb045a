"""Source URL, dates, duration, tags, publishing flags and description."""

import datetime as dt

import pytest

from notes.importer.extract.dates import parse_date
from notes.importer.extract.metadata import fm_tags, is_public

from .helpers import only_talk


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2025-11-25", (dt.date(2025, 11, 25), "day")),
        ("2025-10-08T11:43:00.000Z", (dt.date(2025, 10, 8), "day")),
        ("2025-06-19 17:10:25 +0000", (dt.date(2025, 6, 19), "day")),
        ("2023/05", (dt.date(2023, 5, 1), "month")),
        ("2025年11月25日", (dt.date(2025, 11, 25), "day")),
        ("Nov 19th, 2022", (dt.date(2022, 11, 19), "day")),
        ("27 Jan 2025", (dt.date(2025, 1, 27), "day")),
        ("January 2024", (dt.date(2024, 1, 1), "month")),
        ("2019", (dt.date(2019, 1, 1), "year")),
        ("not a date", None),
        ("2025-13-45", None),
    ],
)
def test_dates(value, parsed):
    assert parse_date(value) == parsed


def test_talk_dates_win_over_processing_dates():
    talk = only_talk(
        "---\ntitle: Dates\ndate_summarized: '2026-07-27'\nprocessing_date: 2026-01-01\n"
        "modified: '2026-02-02'\nlecture_date: '2023-01-10'\npublished: '2023-05-19'\n---\nBody text about dates and times.\n"
    )
    assert talk.published == dt.date(2023, 1, 10)


def test_a_notion_created_date_is_used_when_nothing_better_exists():
    talk = only_talk(
        "---\ntitle: Notion\ncreated: 2025-10-08T11:43:00.000Z\nmodified: 2025-12-01\n---\nBody text.\n"
    )
    assert talk.published == dt.date(2025, 10, 8)


def test_sync_dates_in_the_body_are_not_talk_dates():
    talk = only_talk(
        "- Highlights first synced by [[Readwise]] [[Nov 19th, 2022]]\n\t- A highlight about physics and chess.\n"
    )
    assert talk.published is None


def test_body_labels_give_date_and_duration():
    talk = only_talk(
        "- 发布日期：2024-03-02\n- 生成时间：2024-03-09 10:00:00\n- 覆盖时长：01:02:03\n\n正文说明了很多具体的内容和观点。\n"
    )
    assert (talk.published, talk.duration_seconds) == (dt.date(2024, 3, 2), 3723)


@pytest.mark.parametrize(
    ("front", "url"),
    [
        (
            "video_id: abcdefghijk\nsource: https://example.com/page",
            "https://www.youtube.com/watch?v=abcdefghijk",
        ),
        (
            "url: https://example.com/talk\nsnipd: https://share.snipd.com/episode/1",
            "https://example.com/talk",
        ),
        (
            "original_url: https://cdn.example.com/ep1.mp3\nlink: https://example.com/ep1",
            "https://example.com/ep1",
        ),
        ("original_url: https://cdn.example.com/ep1.mp3", "https://cdn.example.com/ep1.mp3"),
        ("source: notion", ""),
    ],
)
def test_front_matter_urls(front, url):
    assert only_talk(f"---\n{front}\n---\nSome body text here.\n").url == url


def test_decoys_never_win():
    talk = only_talk(
        "- Jane: https://www.linkedin.com/in/jane\n"
        "- https://en.wikipedia.org/wiki/Tea\n\n"
        "视频地址：https://www.youtube.com/watch?v=abcdefghijk\n\n"
        "注1：其他相关的视频：\n- Other talk: https://www.youtube.com/watch?v=zyxwvutsrqp\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=abcdefghijk"


def test_only_decoys_means_no_url():
    talk = only_talk(
        "- https://www.linkedin.com/posts/someone-123\n\nNotes from a panel about chips.\n"
    )
    assert talk.url == ""


def test_a_lone_video_link_under_a_reference_heading_is_the_source():
    talk = only_talk(
        "## A talk\n\nProse about the talk and its ideas.\n\n#### Reference:\n\nhttps://www.youtube.com/watch?v=abcdefghijk\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=abcdefghijk"


def test_a_url_inside_a_pandoc_box():
    talk = only_talk(
        "+-------------------------------+\n| By Mary Major                 |\n| https://youtu.be/abcdefghijk |\n+-------------------------------+\n\nA note.\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=abcdefghijk"  # short links normalised
    assert [(s.name, s.role) for s in talk.speakers] == [("Mary Major", "author")]


@pytest.mark.parametrize(
    ("data", "public"),
    [
        ({"draft": True}, False),
        ({"draft": "true"}, False),
        ({"dg-publish": False}, False),
        ({"dg-publish": True}, True),
        ({"publish": False}, False),
        ({"published": "2024-01-01"}, True),
        ({"status": "draft"}, False),
        ({"status": "evergreen"}, True),
        ({}, True),
    ],
)
def test_publishing_flags(data, public):
    assert is_public(data) is public


def test_tags_from_every_shape():
    data = {
        "tags": ["llm", "", "RL"],
        "category": "#podcasts",
        "keywords": "a, b ,a",
        "categories": [""],
    }
    assert fm_tags(data) == ["llm", "RL", "podcasts", "a", "b"]


def test_description_from_front_matter_or_first_passage():
    talk = only_talk("---\nsummary: 一句话的简介。\n---\n正文。\n")
    assert talk.description == "一句话的简介。"
    prose = "A first paragraph that is long enough to describe the talk in a sentence or two for readers."
    assert only_talk(prose + "\n").description == prose
