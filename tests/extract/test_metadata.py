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


# Field evidence: one test per URL and date rule, each on a short note of its own shape.


def _evidence(talk, field):
    return [item for item in talk.evidence if item.field == field]


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("13/06/2014", (dt.date(2014, 6, 13), "day")),
        ("05.11.2021", (dt.date(2021, 11, 5), "day")),
        ("06/13/2014", (dt.date(2014, 6, 13), "day")),  # only month-first can be right
    ],
)
def test_numeric_day_first_dates(value, parsed):
    assert parse_date(value) == parsed


def test_an_episode_date_bullet_gives_the_date():
    talk = only_talk(
        "# Owls at Night\n\n- Episode date: March 3, 2016\n- Host: Ann Lee\n\nOwls hunt by ear.\n"
    )
    assert talk.published == dt.date(2016, 3, 3)
    assert _evidence(talk, "date")[0].source == "body line Episode date"


def test_a_talk_date_in_the_body_beats_the_posts_front_matter_date():
    talk = only_talk(
        "---\ntitle: Owls at Night\ndate: 2023-08-30\n---\n- Recorded: 13 June 2014\n\nOwls hunt by ear.\n"
    )
    assert talk.published == dt.date(2014, 6, 13)
    lost = _evidence(talk, "date")[1]
    assert (lost.source, lost.chosen) == ("front matter date", False)
    assert lost.note.startswith("outranked by")


def test_a_talk_date_stated_in_prose_beats_a_feed_date():
    talk = only_talk(
        "---\ntitle: Owls at Night\ndate: 2023-08-30\n---\n"
        "This lecture was delivered on 13 June 2014 at the village hall.\n\nOwls hunt by ear.\n"
    )
    assert talk.published == dt.date(2014, 6, 13)
    assert _evidence(talk, "date")[0].source == "talk date stated in the text"


def test_modification_and_generation_dates_are_evidence_but_never_win():
    talk = only_talk(
        "---\ntitle: Owls\nlastmod: 2024-01-02\n---\n- Generated on: 2024-01-03\n\nOwls hunt by ear.\n"
    )
    assert talk.published is None
    notes = {item.source: item.note for item in _evidence(talk, "date")}
    assert notes["front matter lastmod"] == "not the talk's date"
    assert notes["body line Generated on"] == "not the talk's date"


def test_an_embed_url_in_a_front_matter_video_key_becomes_a_watch_url():
    talk = only_talk(
        "---\ntitle: Kilns\nvideo: https://www.youtube.com/embed/K1lnF1reUp0\n---\nHot kilns.\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=K1lnF1reUp0"


def test_a_camel_case_video_key_wins_and_a_channel_url_is_not_the_source():
    talk = only_talk(
        "---\ntitle: Kilns\nchannelUrl: https://www.youtube.com/channel/UCabcdefghijklmnop\n"
        "videoUrl: https://www.youtube.com/watch?v=K1lnF1reUp0\n---\nHot kilns.\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=K1lnF1reUp0"
    only_channel = only_talk(
        "---\ntitle: Kilns\nsource: https://www.youtube.com/@kilnmakers\n---\nHot kilns.\n"
    )
    assert only_channel.url == ""
    assert "channel" in _evidence(only_channel, "url")[0].note


@pytest.mark.parametrize(
    "embed",
    [
        "{{< youtube K1lnF1reUp0 >}}",
        '{{< youtube id="K1lnF1reUp0" >}}',
        "{% youtube K1lnF1reUp0 %}",
        '<iframe width="560" src="https://www.youtube-nocookie.com/embed/K1lnF1reUp0"></iframe>',
    ],
)
def test_embeds_and_shortcodes_in_the_body_give_the_url(embed):
    talk = only_talk(f"# Kilns\n\n{embed}\n\nHot kilns fire the clay evenly.\n")
    assert talk.url == "https://www.youtube.com/watch?v=K1lnF1reUp0"
    assert _evidence(talk, "url")[0].source == "embed"


def test_timestamp_links_to_one_video_in_the_text_give_the_url():
    talk = only_talk(
        "# Kilns\n\nAt [12:30](https://youtu.be/K1lnF1reUp0?t=750) the potter opens the door.\n\n"
        "Later, at [20:00](https://youtu.be/K1lnF1reUp0?t=1200), the glaze is shown.\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=K1lnF1reUp0"


def test_links_to_several_videos_in_the_text_give_no_url():
    talk = only_talk(
        "# Kilns\n\nSee [this](https://youtu.be/K1lnF1reUp0?t=750) and [that](https://youtu.be/An0therV1d0?t=9).\n"
    )
    assert talk.url == ""


@pytest.mark.parametrize(
    "wrapped",
    [
        "https://www.google.com/url?q=https%3A%2F%2Fpottery.example.org%2Ftalks%2F7&sa=D",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fpottery.example.org%2Ftalks%2F7&h=AT0",
    ],
)
def test_redirect_links_are_unwrapped(wrapped):
    talk = only_talk(f"# Kilns\n\n- Source: {wrapped}\n\nHot kilns fire the clay evenly.\n")
    assert talk.url == "https://pottery.example.org/talks/7"
    assert _evidence(talk, "url")[0].note == "unwrapped from a redirect"


@pytest.mark.parametrize(
    "value", ["undefined", '"null"', "TBD", "N/A", "https://www.youtube.com/watch?v=undefined"]
)
def test_placeholder_urls_are_no_url(value):
    talk = only_talk(f"---\ntitle: Kilns\nurl: {value}\n---\nHot kilns fire the clay evenly.\n")
    assert talk.url == ""
    assert _evidence(talk, "url")[0].note == "placeholder"


def test_a_link_card_without_text_to_another_article_is_not_the_source():
    talk = only_talk(
        "# 陶窑\n\n窑温决定了釉色的深浅。\n\n[](https://mp.weixin.qq.com/s?__biz=AbC&mid=1&idx=2&sn=x)\n"
    )
    assert talk.url == ""
    assert "without text" in _evidence(talk, "url")[0].note


def test_a_line_that_is_only_a_link_to_a_video_gives_the_url():
    talk = only_talk(
        "## Kilns of Jingdezhen\n\n[Watch the full tour](https://www.youtube.com/watch?v=K1lnF1reUp0)\n\n- Dragon kilns climb hills.\n"
    )
    assert talk.url == "https://www.youtube.com/watch?v=K1lnF1reUp0"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://pottery.example.org/", "a site's home page, not one talk"),
        ("https://medium.com/@kilnmaker", "a profile page, not one talk"),
        ("https://confs.example.org/speakers/ada-roe", "a profile page, not one talk"),
    ],
)
def test_home_and_profile_pages_are_not_the_talks_source(url, reason):
    talk = only_talk(f"---\ntitle: Kilns\nurl: {url}\n---\nHot kilns fire the clay evenly.\n")
    assert talk.url == ""
    assert [e.note for e in talk.evidence if e.field == "url"] == [reason]


def test_an_article_under_a_profile_and_a_query_page_are_still_sources():
    article = only_talk(
        "---\ntitle: Kilns\nurl: https://medium.com/@kilnmaker/firing-day-1a2b\n---\nHot.\n"
    )
    assert article.url == "https://medium.com/@kilnmaker/firing-day-1a2b"
    post = only_talk("---\ntitle: Kilns\nurl: https://pottery.example.org/?p=123\n---\nHot.\n")
    assert post.url == "https://pottery.example.org/?p=123"
