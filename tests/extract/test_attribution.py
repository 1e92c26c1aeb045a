"""Key points and highlights that name who holds them carry that speaker (attribution.py)."""

from notes.importer.extract.attribution import attribute_claims
from notes.importer.types import ParsedClaim, ParsedSpeaker

from .helpers import only_talk


def _speakers(talk):
    return {claim.text[:12]: claim.speaker for claim in talk.claims}


def _claim(text, kind="key_point", section=0, translation=None):
    return ParsedClaim(text, "en", kind, section=section, translation=translation, line=1)


ZH_NOTE = """# 玛丽·居里谈放射性：一次访谈

主持人：Tom Green
嘉宾：玛丽·居里

## 要点

- 居里认为放射性是原子本身的性质，而不是分子排列的结果。
- 她主张科学发现应当公开，专利只会阻碍后来的研究者。
- 实验室的经费在战后明显增加，仪器也随之更新。
- 人们认为这种新元素能治愈一切疾病，这种说法流传很广。
"""


def test_a_chinese_point_naming_a_speaker_and_the_pronoun_point_after_it():
    talk = only_talk(ZH_NOTE)
    held = _speakers(talk)
    assert held["居里认为放射性是原子本身"] == "玛丽·居里"
    assert held["她主张科学发现应当公开，"] == "玛丽·居里"
    assert held["实验室的经费在战后明显增"] is None
    assert held["人们认为这种新元素能治愈"] is None  # "人们" is no one the talk has


EN_NOTE = """---
title: "Grace Hopper on compilers"
host: Tom Green
guest: Grace Hopper
---

## Key points

- Hopper argues that programs should be written in words people read, not in machine codes.
- She also insists that the cost of programming falls when code is written once and compiled.
- Memory prices dropped sharply during the decade, which changed how machines were bought.
- According to Tom Green, most managers at the time doubted that a compiler could work.
- Research suggests that early languages spread through user groups rather than vendors.
"""


def test_an_english_point_naming_a_speaker_by_surname_and_a_pronoun_after_it():
    talk = only_talk(EN_NOTE)
    held = _speakers(talk)
    assert held["Hopper argue"] == "Grace Hopper"
    assert held["She also ins"] == "Grace Hopper"
    assert held["Memory price"] is None
    assert held["According to"] == "Tom Green"
    assert held["Research sug"] is None
    assert not any(claim.speaker_if_known for claim in talk.claims)
    assert all(claim.kind == "key_point" for claim in talk.claims)  # still points, not dialogue


def test_the_evidence_says_which_points_a_name_holds():
    talk = only_talk(EN_NOTE)
    rows = [e for e in talk.evidence if e.source == "a point that names who holds it"]
    by_name = {row.value: row for row in rows}
    assert by_name["Hopper"].chosen
    assert (
        "2 points" in by_name["Hopper"].note
        and "resolved to Grace Hopper" in by_name["Hopper"].note
    )
    assert by_name["Tom Green"].note.startswith("holds 1 point")


def test_a_pronoun_without_a_named_lead_holds_nothing():
    claims = [
        _claim("The field moved quickly after the first results came in."),
        _claim("He argues that the results were overstated by the press."),
    ]
    attribute_claims(claims, [ParsedSpeaker("Grace Hopper", "guest")])
    assert [claim.speaker for claim in claims] == [None, None]


def test_a_pronoun_in_a_new_section_does_not_continue_the_last_one():
    claims = [
        _claim("Hopper argues that compilers save programmers time.", section=0),
        _claim("He argues that the results were overstated by the press.", section=1),
    ]
    attribute_claims(claims, [ParsedSpeaker("Grace Hopper", "guest")])
    assert [claim.speaker for claim in claims] == ["Grace Hopper", None]


def test_a_point_naming_two_speakers_is_left_open():
    claims = [_claim("Hopper argues for words; Green argues for machine codes and speed.")]
    speakers = [ParsedSpeaker("Grace Hopper", "guest"), ParsedSpeaker("Tom Green", "host")]
    attribute_claims(claims, speakers)
    assert claims[0].speaker is None


def test_a_name_the_talk_does_not_list_is_passed_on_only_if_known():
    claims = [
        _claim("Ada Lovelace argues that machines could compose music one day."),
        _claim("Nobody argues that the engine was finished in her lifetime."),
    ]
    evidence = attribute_claims(claims, [ParsedSpeaker("Grace Hopper", "guest")])
    assert (claims[0].speaker, claims[0].speaker_if_known) == ("Ada Lovelace", True)
    # one word may be a surname the knowledge base knows; never taken for a speaker of the talk
    assert claims[1].speaker is None or claims[1].speaker_if_known
    assert [(row.value, row.chosen) for row in evidence] == [("Ada Lovelace", False)]


def test_dialogue_and_passages_keep_their_speaker_and_a_translation_shares_it():
    claims = [
        _claim("Hopper: compilers are the future.", kind="dialogue"),
        _claim("Hopper believes compilers will be everywhere in ten years.", translation=2),
        ParsedClaim("编译器十年内会无处不在。", "zh", "key_point", section=0, translation=1),
        _claim("Hopper believes the navy was slow to adopt them at first.", kind="passage"),
    ]
    claims[0].speaker = "GH"
    attribute_claims(claims, [ParsedSpeaker("Grace Hopper", "guest", ["GH"])])
    assert [claim.speaker for claim in claims] == ["GH", "Grace Hopper", "Grace Hopper", None]


def test_a_speaker_of_the_talk_on_one_side_of_a_pair_wins_over_an_unlisted_name():
    claims = [
        ParsedClaim("霍珀女士认为编译器会无处不在。", "zh", "key_point", section=0, translation=1),
        _claim("Hopper believes compilers will be everywhere.", translation=0),
    ]
    attribute_claims(claims, [ParsedSpeaker("Grace Hopper", "guest")])
    assert [(c.speaker, c.speaker_if_known) for c in claims] == [
        ("Grace Hopper", False),
        ("Grace Hopper", False),
    ]
