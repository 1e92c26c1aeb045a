"""Chapter and part headings ("第一章", "第二部分", "Chapter 1", "Part II") number a text; never a person."""

import pytest

from notes.importer.extract.names import is_han_name, is_label_name, is_person_name

from .helpers import only_talk


@pytest.mark.parametrize(
    "label",
    [
        "第一章",
        "第二章",
        "第十二章",
        "第1节",
        "第3節",
        "第二部分",
        "第三讲",
        "第五集",
        "第二季",
        "序章",
        "下篇",
    ],
)
def test_a_division_is_not_a_name(label):
    assert not is_han_name(label)
    assert not is_label_name(label)
    assert not is_person_name(label)


@pytest.mark.parametrize("name", ["王小明", "程曼祺", "第五伦", "伊利亚·苏茨科夫"])
def test_names_keep_their_shape(name):
    # "第五" is a compound surname: only an ordinal followed by a unit (章, 节, 部分…) is a division.
    assert is_han_name(name)


def _labelled(labels: list[str]) -> str:
    lines = [
        f"{label}：模型会越来越大，这一点我们要讨论第{n}次。" for n, label in enumerate(labels)
    ]
    return "# 大模型的未来\n\n" + "\n\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "labels",
    [
        ["第一章", "第二章", "第一章", "第二章"],
        ["**第一章**", "**第二章**", "**第一章**", "**第二章**"],
        ["第一部分", "第二部分", "第一部分", "第二部分"],
        ["第1节", "第2节", "第1节", "第2节"],
    ],
)
def test_chapter_labels_are_not_speakers(labels):
    talk = only_talk(_labelled(labels))
    assert talk.speakers == []


def test_real_labels_of_the_same_shape_still_are_speakers():
    talk = only_talk(_labelled(["王小明", "李华", "王小明", "李华"]))
    assert {speaker.name for speaker in talk.speakers} == {"王小明", "李华"}


@pytest.mark.parametrize(
    "heading", ["第一章", "第二章 数据", "Chapter 1", "Part II", "第1节 大模型"]
)
def test_a_chapter_title_is_not_an_author(heading):
    talk = only_talk(f"# {heading}\n\n- 模型会越来越大，成本下降很快。\n- Models get bigger.\n")
    assert talk.speakers == []
    assert not [e for e in talk.evidence if e.field == "speaker"]
