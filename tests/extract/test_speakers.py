"""People: names from titles, labels and front matter; roles; short forms."""

import pytest

from notes.importer.extract.names import (
    is_label_name,
    is_person_name,
    names_in_prose,
    names_in_title,
)

from .helpers import only_talk, speaker_for


@pytest.mark.parametrize(
    ("title", "found"),
    [
        (
            "Ada Lovelace interview with Charles Babbage",
            [("Ada Lovelace", "host"), ("Charles Babbage", "guest")],
        ),
        ("Grace Hopper – Why compilers matter", [("Grace Hopper", "speaker")]),
        ("Why compilers matter – Grace Hopper", [("Grace Hopper", "speaker")]),
        ("An Interview with Acme CEO Jane Roe About Kettles", [("Jane Roe", "guest")]),
        ("Intro to Tea with Li Wei Chen", [("Li Wei Chen", "guest")]),
        ("Key Points: The Hard Truth About Kettles", []),
    ],
)
def test_names_in_titles(title, found):
    assert names_in_title(title) == found


def test_names_in_opening_prose():
    assert names_in_prose("This is a commencement speech by Mary Major at a small college.") == [
        ("Mary Major", "speaker")
    ]
    assert names_in_prose("a long conversation with gardening writer Tom Green about soil") == [
        ("Tom Green", "guest")
    ]


@pytest.mark.parametrize("name", ["王小明", "Jean-Claude Van Damme", "Mary Major"])
def test_person_names(name):
    assert is_person_name(name)


@pytest.mark.parametrize(
    "name", ["大家好", "Key Points", "Root Ventures", "小红书 @ 某人", "Enterprise Reality"]
)
def test_not_person_names(name):
    assert not is_person_name(name)


@pytest.mark.parametrize("label", ["Ada", "SA", "Speaker 2", "王明"])
def test_dialogue_labels(label):
    assert is_label_name(label)


DIALOGUE = """---
title: "Ada Lovelace – Engines that weave"
---

## 对话（00:01:00 - 00:02:00）
**Bob**：你为什么对机器感兴趣？
**Ada**：因为它们能织出代数的图案。
**Bob**：那它能作曲吗？
**Ada**：只要规则写得清楚，它就能。
**Bob**：最后一个问题，它会思考吗？
**Ada**：它只做我们命令它做的事。
"""


def test_dialogue_labels_resolve_and_the_questioner_hosts():
    talk = only_talk(DIALOGUE)
    ada = speaker_for(talk, "Ada")
    bob = speaker_for(talk, "Bob")
    assert (ada.name, ada.role, ada.aliases) == ("Ada Lovelace", "guest", ["Ada"])
    assert (bob.name, bob.role) == ("Bob", "host")
    turns = [claim for claim in talk.claims if claim.kind == "dialogue"]
    assert len(turns) == 6
    assert {claim.start_seconds for claim in turns} == {60}


def test_initials_resolve_to_the_title_name():
    turns = "\n\n".join(f"JR: Answer number {n} about kettles and steam." for n in range(5))
    talk = only_talk(f"# A Conversation with Jane Roe\n\nHow do kettles whistle?\n\n{turns}\n")
    jane = speaker_for(talk, "JR")
    assert jane is not None and jane.name == "Jane Roe" and "JR" in jane.aliases
    assert sum(1 for claim in talk.claims if claim.kind == "dialogue") == 5


def test_labelled_hosts_and_guests_chinese_and_english():
    talk = only_talk(
        "登场人物：\n嘉宾：王小明，某大学博士生\n主播：李红，科技记者\n\nHost(s): Sam Field\nGuest(s): Unknown\n\n正文讲了很多关于开源的内容。\n"
    )
    roles = {speaker.name: speaker.role for speaker in talk.speakers}
    assert roles == {"王小明": "guest", "李红": "host", "Sam Field": "host"}


def test_a_lone_front_matter_speaker_of_an_essay_is_its_author_and_people_are_mentioned():
    talk = only_talk(
        "---\nauthor: Mary Major\nspeaker: Mary Major\npeople:\n  - Tom Green\n---\nAn essay read aloud about slow gardening.\n"
    )
    assert {(s.name, s.role) for s in talk.speakers} == {
        ("Mary Major", "author"),
        ("Tom Green", "mentioned"),
    }


def test_a_front_matter_author_alone_is_the_note_writer_not_a_speaker():
    talk = only_talk(
        "---\nauthor: Jane Notetaker\ntitle: Soil basics\n---\nSoil needs air and water in balance.\n"
    )
    assert talk.speakers == []


def test_a_show_named_after_its_host():
    talk = only_talk(
        "title:: 12 – Mary Major — Gardens (highlights)\nauthor:: [[Tom Green Podcast]]\n\n- A point about gardens and sunlight.\n"
    )
    roles = {speaker.name: speaker.role for speaker in talk.speakers}
    assert roles == {"Tom Green": "host", "Mary Major": "guest"}
