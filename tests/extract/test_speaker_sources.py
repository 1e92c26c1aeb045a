"""Where a note says who a talk is by: one short note of each shape, written for these tests."""

import pytest

from notes.importer.extract.han_names import (
    dotted_names,
    introduced_names,
    romanised_names,
    title_lead_name,
)
from notes.importer.extract.names import is_person_name

from .helpers import only_talk, speaker_for

BODY = "\n\n- Kettles sing because steam escapes through a narrow spout.\n- Pressure matters more than heat.\n"


def speaking(talk) -> dict[str, str]:
    return {s.name: s.role for s in talk.speakers if s.role != "mentioned" and not s.if_known}


def test_speaker_evidence_is_recorded(title="# Jane Roe: Why kettles sing"):
    talk = only_talk(title + BODY)
    evidence = [e for e in talk.evidence if e.field == "speaker"]
    assert any(e.value == "Jane Roe" and e.chosen and e.source == "title" for e in evidence)
    assert "Jane Roe" in evidence[0].sentence()


@pytest.mark.parametrize(
    "title",
    [
        '# "Why Kettles Sing" by Jane Roe',
        "# Jane Roe on why kettles sing",
        "# Jane Roe: Why kettles sing",
        "# Jane Roe – Why kettles sing",
        "# Interview with Jane Roe",
    ],
)
def test_names_in_titles(title):
    assert "Jane Roe" in speaking(only_talk(title + BODY))


@pytest.mark.parametrize(
    "title",
    ["# 王小明：为什么水壶会唱歌", "# 王小明清华大学毕业典礼演讲", "# 对话王小明：水壶与蒸汽"],
)
def test_names_in_chinese_titles(title):
    assert "王小明" in speaking(only_talk(title + "\n\n- 蒸汽从狭窄的壶嘴逸出，所以水壶会响。\n"))


def test_a_chinese_title_of_ordinary_words_names_nobody():
    assert title_lead_name("人工智能的下一个十年") == ""
    assert title_lead_name("大模型时代的创业机会") == ""


@pytest.mark.parametrize(
    "line",
    [
        "Speaker: Jane Roe",
        "Guest: Jane Roe",
        "嘉宾：Jane Roe",
        "* speaker: Jane Roe",
        "**Host:** Jane Roe",
        "By Jane Roe",
    ],
)
def test_labelled_lines(line):
    talk = only_talk("# Why kettles sing\n\n" + line + BODY)
    assert "Jane Roe" in speaking(talk)


def test_a_channel_named_after_a_person_is_the_speaker():
    note = "---\ntitle: Почему чайники поют\nchannelName: Иван Петров\n---\n" + BODY
    assert speaking(only_talk(note)) == {"Иван Петров": "author"}


def test_an_organisation_that_uploaded_the_talk_is_not_a_speaker():
    note = "# Why kettles sing\n\n**Uploader:** Y Combinator\n" + BODY
    assert speaking(only_talk(note)) == {}
    note = "---\ntitle: Why kettles sing\nchannel: Acme Kettle Works\n---\n" + BODY
    talk = only_talk(note)
    assert speaking(talk) == {}
    # kept as a hint the knowledge base may know as a host's show
    assert [(s.name, s.if_known) for s in talk.speakers] == [("Acme Kettle Works", True)]


def test_a_channel_beside_a_named_speaker_only_uploaded_the_talk():
    note = "---\ntitle: Jane Roe – Why kettles sing\nchannelName: Tom Green\n---\n" + BODY
    assert speaking(only_talk(note)) == {"Jane Roe": "author"}


def test_a_url_slug_names_the_guest_the_note_spells():
    note = (
        "# Why kettles sing\n\nSource: https://example.com/p/jane-roe\n\n"
        "We talked with jane roe about steam.\n" + BODY
    )
    # the slug is confirmed by the note's own spelling; capitalised, it is a name
    assert "Jane Roe" not in speaking(only_talk(note))
    note = note.replace("jane roe", "Jane Roe")
    assert speaking(only_talk(note)).get("Jane Roe") == "guest"


def test_a_url_slug_that_leads_with_the_guest_and_goes_on_with_the_topic():
    note = (
        "# Why kettles sing\n\nSource: https://example.com/p/jane-roe-on-steam-and-spouts\n\n"
        "Jane Roe has built kettles for twenty years.\n" + BODY
    )
    assert speaking(only_talk(note)).get("Jane Roe") == "guest"


def test_a_url_slug_that_the_note_does_not_spell_is_not_a_name():
    note = "# Why kettles sing\n\nSource: https://example.com/p/steam-and-spouts\n" + BODY
    assert speaking(only_talk(note)) == {}


@pytest.mark.parametrize(
    "opening",
    [
        "Hello everyone, my name is Jane Roe and I study kettles for a living at a small lab.",
        "Today we have Jane Roe, who has studied kettles for twenty years, on the show with us.",
        "Jane Roe, the chief engineer of Acme Kettles, joins us to explain why kettles sing.",
        "Thank you, [Jane Roe](https://example.com), for the inspiring lecture on kettles and steam!",
        "[Jane Roe's talk](https://example.com/v) opens with a photograph of a very old kettle.",
        "In this video, Jane Roe explains how the narrow spout of a kettle makes it whistle.",
        "This short course on kettles was taught by Jane Roe at the steam school last spring.",
        "Jane Roe, the chief engineer at Acme Kettles, walks through why a narrow spout whistles.",
    ],
)
def test_opening_lines_that_introduce_the_speaker(opening):
    talk = only_talk("# Why kettles sing\n\n" + opening + "\n" + BODY)
    assert "Jane Roe" in speaking(talk)


def test_the_host_who_is_joined_by_the_guest():
    opening = (
        "On this episode, Tom Green is joined by Jane Roe to talk about why kettles sing at all."
    )
    talk = only_talk("# Why kettles sing\n\n" + opening + "\n" + BODY)
    assert speaking(talk) == {"Tom Green": "host", "Jane Roe": "guest"}


@pytest.mark.parametrize(
    ("heading", "paragraph"),
    [
        ("## About the Guest", "**Jane Roe** has built kettles for twenty years at Acme."),
        ("## 关于嘉宾", "Jane Roe 在水壶行业工作了二十年。"),
    ],
)
def test_the_guest_a_biography_section_starts_with(heading, paragraph):
    note = f"# Why kettles sing\n\n{heading}\n\n{paragraph}\n\n## Points\n" + BODY
    assert speaking(only_talk(note)).get("Jane Roe") == "guest"


def test_an_appositive_later_in_the_note_is_a_mention():
    filler = "Kettles have been studied for a long time by many people in many places. " * 8
    opening = filler + "Tom Green, the CEO of Acme Kettles, once said they sing."
    assert speaking(only_talk("# Why kettles sing\n\n" + opening + "\n" + BODY)) == {}


def test_people_named_in_passing_are_not_introduced():
    opening = (
        "Like Isaac Newton before him, the author thinks kettles are mostly about steam pressure."
    )
    assert speaking(only_talk("# Why kettles sing\n\n" + opening + "\n" + BODY)) == {}


def test_chinese_opening_lines_that_introduce_the_guest():
    note = (
        "# 水壶为什么会唱歌\n\n"
        "这次去硅谷，我最想见的是做过多年实验的研究者。今天，我终于见到了Jane Roe。她回答了我所有的问题。\n\n"
        "- 蒸汽从狭窄的壶嘴逸出，所以水壶会响。\n"
    )
    assert "Jane Roe" in speaking(only_talk(note))
    assert introduced_names("本期我们采访了王小明，他讲了很多") == ["王小明"]
    assert introduced_names("專訪王小明：水壺為什麼會響") == ["王小明"]


def test_transliterated_names_in_chinese_prose():
    text = "这档节目由两位创始合伙人马克·史密斯和本·琼斯做的，每期讨论一个主题。"
    assert dotted_names(text) == ["马克·史密斯", "本·琼斯"]
    note = (
        "# 大学的十二个功能\n\n* "
        + text
        + "\n  * 马克·史密斯是一位企业家。\n  * 本·琼斯是一位作者。\n"
    )
    assert {"马克·史密斯", "本·琼斯"} <= set(speaking(only_talk(note)))


def test_a_transliterated_name_mentioned_once_is_not_a_speaker():
    note = "# 水壶\n\n* 正如艾萨克·牛顿所说，蒸汽的压力决定了声音的高低，这一点很多人都不知道。\n"
    assert speaking(only_talk(note)) == {}


def test_a_name_with_its_romanisation_is_one_person():
    assert romanised_names("今天的嘉宾伊利亚·苏茨科夫（Ilya Sutskever）认为") == [
        ("伊利亚·苏茨科夫", "Ilya Sutskever")
    ]
    note = "# 对话\n\n今天的嘉宾伊利亚·苏茨科夫（Ilya Sutskever）认为，泛化仍然是最核心的问题，我们聊了很久。\n"
    talk = only_talk(note)
    person = speaker_for(talk, "Ilya Sutskever")
    assert person is not None and person.name == "伊利亚·苏茨科夫"


def test_role_lines_of_a_keynote():
    note = (
        "* Welcome to the second day\n"
        "* Jane Roe - VP Product, Acme\n"
        "  * Kettles are moving to the cloud\n"
        "* Tom Green - Director of Steam at Kettle Co\n"
        "  * Steam is a platform\n"
        "* Kettle Platform - the new product\n"
        "  * Launching today\n"
    )
    assert set(speaking(only_talk(note))) == {"Jane Roe", "Tom Green"}


def test_role_headings_of_several_keynotes():
    note = (
        "# The keynotes\n\n## Jane Roe - Director of Research, Acme\n\nShe opened with kettles.\n\n"
        "## Tom Green - Senior Engineer, Kettle Co\n\nHe talked about steam.\n"
    )
    assert set(speaking(only_talk(note))) == {"Jane Roe", "Tom Green"}


TURNS_OWN_LINE = """Jane Roe (00:00):
Welcome, this is the show about kettles and how they sing.

Tom Green (00:14):
Thanks for having me, I have been waiting for this.

Jane Roe (00:52):
So why do kettles sing?

Tom Green (01:09):
Because the steam escapes through a narrow spout.
"""

TURNS_SPACED_COLON = """# Kettles

Jane Roe :
Why do kettles sing?

Tom Green :
Because the steam escapes through a narrow spout.

Jane Roe :
And the pitch?

Tom Green :
It rises as the water heats.
"""

TURNS_BOLD_HAN = """# 水壶

**王小明：** 水壶为什么会响？

**李华：** 因为蒸汽从狭窄的壶嘴逸出。

**王小明：** 那音调呢？

**李华：** 水越热音调越高。
"""


@pytest.mark.parametrize(
    ("note", "names"),
    [
        (TURNS_OWN_LINE, {"Jane Roe", "Tom Green"}),
        (TURNS_SPACED_COLON, {"Jane Roe", "Tom Green"}),
        (TURNS_BOLD_HAN, {"王小明", "李华"}),
    ],
)
def test_turn_labels_in_every_style(note, names):
    assert names <= set(speaking(only_talk(note, "turns.txt")))


def test_the_one_asking_the_questions_in_labelled_turns_hosts():
    talk = only_talk(TURNS_SPACED_COLON, "turns.txt")
    assert speaking(talk) == {"Jane Roe": "host", "Tom Green": "guest"}


def test_bold_lead_words_are_not_turns():
    note = (
        "# Kettles\n\n**Problem:** kettles are loud.\n\n**Solution:** a wider spout.\n\n"
        "**Problem:** steam burns.\n\n**Solution:** a longer handle.\n"
    )
    assert speaking(only_talk(note)) == {}


def test_initials_in_turns_resolve_to_full_names_the_note_lists():
    note = (
        "---\ntitle: Kettles\nhosts:\n  - Jane Roe\nguests:\n  - Tom Green\n---\n\n"
        "[00:00:10] JR: Why do kettles sing?\n\n[00:00:20] TG: Steam escapes through the spout.\n\n"
        "[00:00:30] JR: And the pitch?\n\n[00:00:40] TG: It rises as the water heats.\n"
    )
    talk = only_talk(note)
    assert speaking(talk) == {"Jane Roe": "host", "Tom Green": "guest"}
    assert "JR" in speaker_for(talk, "Jane Roe").aliases


def test_quoted_and_listed_people_stay_mentioned():
    note = (
        "---\ntitle: Kettles\npeople: [Isaac Newton]\n---\n\n## Quotes\n\n"
        "* Steam is patient. quote – Tom Green\n* **Marx** wrote about machines.\n"
        "* **Darwin** wrote about finches.\n"
    )
    talk = only_talk(note)
    assert speaking(talk) == {}
    assert speaker_for(talk, "Isaac Newton").role == "mentioned"


@pytest.mark.parametrize("name", ["Андрей Курпатов", "伊利亚·苏茨科夫"])
def test_more_scripts_of_names(name):
    assert is_person_name(name)
