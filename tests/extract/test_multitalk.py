"""Pages of several talks split by their repeated per-talk structure; near misses stay one talk.

Every note here is written for the test, in the shape of a kind of page people keep: a meetup, a
conference day, an episode list, a recommendation log, and notes of one talk that look a little
like them.
"""

import datetime as dt

import pytest

from notes.importer.types import ImportFailure

from .helpers import extract_text, only_talk

MEETUP = """# Garden Tech Meetup, Spring Edition

2021-04-12 in Graz, Austria

## Composting with sensors

by [Mara Lindqvist](https://twitter.com/maralind)

- soil moisture sensors cost less than a bag of compost now
  - the cheap ones drift after a month
- calibrate against a dry and a wet sample

### What went wrong

- the first board corroded within a week outdoors

## Rainwater dashboards

by Tomas Ferreira

- a dashboard nobody opens is worse than a paper chart on the shed door
- alerts only when the barrel is nearly empty

## Pollinator counting with cameras

by [Aiko Tanaka](https://github.com/aikotanaka)

- a phone camera and a motion trigger count bees well enough
- privacy matters even in a garden: neighbours walk past
"""


def test_meetup_talks_with_by_lines_split_into_one_talk_each():
    document = extract_text(MEETUP)
    assert [talk.title for talk in document.talks] == [
        "Composting with sensors",
        "Rainwater dashboards",
        "Pollinator counting with cameras",
    ]
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [
        ["Mara Lindqvist"],
        ["Tomas Ferreira"],
        ["Aiko Tanaka"],
    ]
    # the page's date line dates every talk; profile links in by-lines are never the source
    assert {talk.published for talk in document.talks} == {dt.date(2021, 4, 12)}
    assert [talk.url for talk in document.talks] == ["", "", ""]
    first, second, third = (talk.claims for talk in document.talks)
    assert any("corroded" in claim.text for claim in first)  # its H3 sub-section stays with it
    assert not any("dashboard" in claim.text for claim in first)
    assert any("paper chart" in claim.text for claim in second)
    assert not any(claim.text.startswith("by ") for claim in second)  # its by-line is no claim
    assert any("neighbours" in claim.text for claim in third)
    assert all(talk.raw in document.text for talk in document.talks)


def test_a_split_is_recorded_as_evidence_on_every_talk():
    document = extract_text(MEETUP)
    splits = [[e for e in talk.evidence if e.field == "split"] for talk in document.talks]
    assert all(len(found) == 1 for found in splits)
    assert splits[0][0].value == "3 talks: H2 headings each followed by a by-line"
    assert [found[0].note for found in splits] == ["talk 1 of 3", "talk 2 of 3", "talk 3 of 3"]
    assert "by-line" in splits[1][0].sentence()


CONFERENCE_DAY = """# DataDay 2023

## A. Tiny containers for tiny models

* speaker: Lena Okafor
* strip the build tools out of the final image
* pin the base image by digest

## B. When spreadsheets win

* speaker: Ravi
* a spreadsheet is the fastest prototype of a data product
* move off it when two people edit the same cell

## C. Honest dashboards

* speaker: Marta Kowalska
* every chart needs the question it answers as its title

# Things to Look Up

* Parquet
* DuckDB
"""


def test_lettered_talks_with_speaker_bullets_split_and_the_tail_is_no_talk():
    document = extract_text(CONFERENCE_DAY)
    assert [talk.title for talk in document.talks] == [
        "Tiny containers for tiny models",
        "When spreadsheets win",
        "Honest dashboards",
    ]
    # a first name alone after an explicit "speaker:" label is still the talk's speaker
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [
        ["Lena Okafor"],
        ["Ravi"],
        ["Marta Kowalska"],
    ]
    last = document.talks[-1]
    assert not any(claim.text in ("Parquet", "DuckDB") for claim in last.claims)
    assert not any("speaker" in claim.text.casefold() for t in document.talks for claim in t.claims)
    split = next(e for e in document.talks[0].evidence if e.field == "split")
    assert split.value == "3 talks: lettered H2 headings each followed by a speaker bullet"


def test_a_trailing_resources_section_of_the_talks_level_is_no_talk():
    text = MEETUP + "\n## Resources\n\n- the slides are on the meetup page\n- photos in the group\n"
    document = extract_text(text)
    assert len(document.talks) == 3
    assert not any("slides are on" in claim.text for claim in document.talks[-1].claims)


def test_by_lines_in_headings_and_bold_speaker_labels_split():
    text = """# Autumn Sessions

## Shipping on Fridays by Dana Whitfield

- small changes make Friday releases boring, which is the point

## Reading old code

- **Speaker:** Oskar Lund
- start from the tests, not from main

## Listening to users

Guest: Priya Raman

- the loudest user is rarely the typical user
"""
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == [
        "Shipping on Fridays",
        "Reading old code",
        "Listening to users",
    ]
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [
        ["Dana Whitfield"],
        ["Oskar Lund"],
        ["Priya Raman"],
    ]


def test_bold_title_lines_followed_by_by_lines_split_and_one_word_titles_count():
    text = """# Lightning talks, March

**Kubernetes**
by [Ana Souza](https://github.com/anasouza)

- nobody needs it until everybody needs it
- start with one cluster, not three

**Rust for data people**
by Lars Holm

- the borrow checker is a code reviewer that never sleeps
"""
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == ["Kubernetes", "Rust for data people"]
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [
        ["Ana Souza"],
        ["Lars Holm"],
    ]
    assert [len(talk.claims) for talk in document.talks] == [2, 1]


def test_co_speakers_are_kept_and_affiliations_dropped():
    text = """# Ops Day

## Running the pager together

* speakers: Alice Smith, Bob Jones
* a pager rotation of two is a rotation of one on holidays

## Postmortems people read

* speaker: Carol White, Staff Engineer at Acme
* a postmortem nobody reads changes nothing
"""
    document = extract_text(text)
    assert [sorted(s.name for s in talk.speakers) for talk in document.talks] == [
        ["Alice Smith", "Bob Jones"],
        ["Carol White"],
    ]


def test_a_line_that_only_links_the_speakers_profile_is_a_by_line():
    text = """# Frontend Night

## Forms that forgive

[Jonas Berg](https://twitter.com/jonasberg)

- accept the date in any order the user types it

## CSS layers in practice

[Emma Laine](https://github.com/emmalaine)

- put resets in the lowest layer and forget about specificity wars
"""
    document = extract_text(text)
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [
        ["Jonas Berg"],
        ["Emma Laine"],
    ]
    assert [talk.url for talk in document.talks] == ["", ""]


def test_korean_speaker_labels_split_talks():
    text = """# 개발자 밋업

## 캐시 전략

발표자: 김민수

- 캐시는 지연을 숨기지만 비용은 숨기지 않는다

## 로그 설계

발표자: 이서연

- 로그는 나중에 읽을 사람을 위해 쓴다
"""
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == ["캐시 전략", "로그 설계"]
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [["김민수"], ["이서연"]]


def test_chinese_speaker_lines_split_talks():
    text = """# 周末技术沙龙

## 用小模型做客服

演讲者：王小明

- 小模型在客服场景里响应更快，成本更低
- 先用规则兜底，再逐步替换

## 数据标注的坑

演讲者：李华

- 标注规范要先写清楚，否则返工很多
- 抽样复核比全量复核更划算
"""
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == ["用小模型做客服", "数据标注的坑"]
    assert [[s.name for s in talk.speakers] for talk in document.talks] == [["王小明"], ["李华"]]


EPISODE_LIST = """# Chapters I kept from the Field Notes Podcast

* ## Sleep and light | Field Notes Podcast #12
\t*  Tool: Morning light walk : https://www.youtube.com/watch?v=AAAAAAAAAA1&t=90
\t*  Tool: Dim screens after sunset  : https://www.youtube.com/watch?v=AAAAAAAAAA1&t=3725
* ## Cold water and focus | Field Notes Podcast #11
* ## Breathing for calm | Field Notes Podcast #10
\t*  Protocol: Long exhale breathing : https://www.youtube.com/watch?v=BBBBBBBBBB2&t=600
"""


def test_episode_headings_in_list_items_split_with_chapters_as_timed_claims():
    document = extract_text(EPISODE_LIST)
    assert [talk.title for talk in document.talks] == [
        "Sleep and light | Field Notes Podcast #12",
        "Cold water and focus | Field Notes Podcast #11",
        "Breathing for calm | Field Notes Podcast #10",
    ]
    first, empty, third = document.talks
    assert first.url == "https://www.youtube.com/watch?v=AAAAAAAAAA1"
    assert [(c.text, c.start_seconds) for c in first.claims] == [
        ("Tool: Morning light walk", 90),
        ("Tool: Dim screens after sunset", 3725),
    ]
    # an episode listed without chapters is still one of the list's episodes
    assert (empty.url, empty.claims) == ("", [])
    assert third.url == "https://www.youtube.com/watch?v=BBBBBBBBBB2"
    assert [c.start_seconds for c in third.claims] == [600]
    assert all(talk.raw in document.text for talk in document.talks)


def test_episode_headings_with_markdown_chapter_links_split():
    text = """# Two lectures

## Lecture 1: Search

- [Breadth first](https://youtu.be/CCCCCCCCCC3?t=120)
- [Depth first](https://youtu.be/CCCCCCCCCC3?t=900)

## Lecture 2: Games

- [Minimax with alpha-beta pruning](https://youtu.be/DDDDDDDDDD4?t=60)
"""
    document = extract_text(text)
    assert [talk.url for talk in document.talks] == [
        "https://www.youtube.com/watch?v=CCCCCCCCCC3",
        "https://www.youtube.com/watch?v=DDDDDDDDDD4",
    ]
    assert [[c.start_seconds for c in talk.claims] for talk in document.talks] == [[120, 900], [60]]


def test_episode_headings_each_opening_with_a_link_to_their_own_video_split():
    sections = [
        ("Kelp forests", "IIIIIIIIII1", "kelp grows half a metre a day in good light"),
        ("Deep vents", "JJJJJJJJJJ2", "vent shrimp farm bacteria on their own backs"),
        ("Coral spawning", "KKKKKKKKKK3", "corals spawn together a few nights after a full moon"),
    ]
    text = "# Ocean talks I watched\n\n" + "".join(
        f"## {title}\n\nhttps://www.youtube.com/watch?v={video}\n\n- {point}\n\n"
        for title, video, point in sections
    )
    document = extract_text(text)
    assert [talk.title for talk in document.talks] == [title for title, _, _ in sections]
    assert [talk.url for talk in document.talks] == [
        f"https://www.youtube.com/watch?v={video}" for _, video, _ in sections
    ]
    assert [talk.claims[0].text for talk in document.talks] == [p for _, _, p in sections]


def test_two_sections_with_a_video_link_each_are_not_yet_a_list_of_episodes():
    only_talk(
        """# A talk and its follow-up

## The talk

https://www.youtube.com/watch?v=LLLLLLLLLL1

- the main argument: caches hide latency, not cost

## Follow-up Q&A

https://www.youtube.com/watch?v=MMMMMMMMMM2

- the speaker answered questions about cost
"""
    )


RECOMMENDATIONS = """---
title: "Episodes we liked"
---

What our listening group recommended, newest first.

## 2022-03-09

[Night Shift Radio | 41: Why bridges sing](https://overcast.fm/+abc)
> Recommended: a structural engineer on resonance, surprisingly funny.

from Ana

## 2022-03-02

[Slow Money | Vol. 7 Saving without apps](https://pca.st/xyz)
> Recommended: practical and short.

from Ben

## 2022-02-20

- [Deep Field | The night sky from a city roof](https://example.fm/ep/3)
> Recommended: makes you look up.
"""


def test_a_dated_log_of_recommended_episodes_is_refused_with_its_reason():
    with pytest.raises(ImportFailure) as refused:
        extract_text(RECOMMENDATIONS, name="listening-log.md")
    sentence = str(refused.value)
    assert sentence.startswith("listening-log.md: ")
    assert "recommended episodes" in sentence and "not notes of one talk" in sentence
    assert sentence.count(".") <= 2  # one sentence (the file name holds the other full stop)


# Near misses: these are notes of ONE talk and must not split ------------------------------------


def test_one_talk_with_a_by_line_and_several_sections_stays_one_talk():
    talk = only_talk(
        """# Building Quiet Software

by Jane Doe

## Why quiet

- software that interrupts less gets used more

## How

- batch notifications
- let people choose the hour
"""
    )
    assert talk.title == "Building Quiet Software"
    assert [s.name for s in talk.speakers] == ["Jane Doe"]
    assert not any("Jane Doe" in claim.text for claim in talk.claims)
    assert [e for e in talk.evidence if e.field == "split"] == []


def test_a_panel_with_one_section_per_speaker_stays_one_talk():
    only_talk(
        """# Panel: the future of gardens

## Mara Lindqvist (moderator)

Speaker: Mara Lindqvist

- opened with the question of water

## Tomas Ferreira

Speaker: Tomas Ferreira

- rain barrels are under-rated
"""
    )


def test_one_speaker_heading_every_section_is_one_talk_in_sections():
    only_talk(
        """# Notes on a long workshop

## Setting up the bench

by Jane Doe

- keep the tools within reach

## Cutting the joints

by Jane Doe

- mark twice, cut once

## Finishing

by Jane Doe

- oil, not varnish
"""
    )


def test_sections_linking_into_one_video_are_one_talk():
    only_talk(
        """# One long lecture

## Part one

- [Intro](https://www.youtube.com/watch?v=EEEEEEEEEE5&t=10) sets out the plan

## Part two

- [Proofs](https://www.youtube.com/watch?v=EEEEEEEEEE5&t=1200) take the rest of the hour
"""
    )


def test_running_commentary_on_several_keynotes_stays_one_post():
    only_talk(
        """---
title: "Conference day one: the keynotes"
date: 2020-05-20
---

## The opening keynote by the foundation director

[Her talk](https://www.youtube.com/watch?v=FFFFFFFFFF6) starts with a history of the project,
and I liked how she framed the growth of the community over five years.

## Second keynote

Next up [we have Sam](https://www.youtube.com/watch?v=GGGGGGGGGG7), who runs the local meetup;
his point was that operators need boring tools, and I could not agree more.

## Customer stories

[Three companies](https://www.youtube.com/watch?v=HHHHHHHHHH8) talked about their migrations;
the bank's was the most candid.
"""
    )


def test_prose_that_opens_with_by_is_no_by_line():
    only_talk(
        """# A talk about planning

## First half

By the end of the first half, the speaker had covered every kind of plan.

## Second half

By contrast, the second half was about what happens when plans fail.
"""
    )


def test_dated_sections_of_real_notes_are_not_refused():
    talk = only_talk(
        """# Course diary

## 2022-01-10

We covered search today. Breadth-first search finds the shortest path in unweighted graphs.

## 2022-01-17

Games: minimax with alpha-beta pruning looks at far fewer positions than plain minimax.

## 2022-01-24

Probability: Bayes' rule turns the likelihood around once you know the prior.
"""
    )
    assert any("minimax" in claim.text for claim in talk.claims)


THEMED_LINKS = """# Listening picks, week 7

## Science

- [Deep Field | Why the sky is dark](https://example.fm/df/12) — a tidy answer to Olbers' paradox.
- [Night Shift | Bridges that sing](https://example.fm/ns/41) — resonance, explained with humour.

## Business

- [Slow Money | Saving without apps](https://example.fm/sm/7) — short and practical.
- [Ledger Talk | The first bank](https://example.fm/lt/3)

## History

- [Old Roads | The salt routes](https://example.fm/or/9) — trade before coins.
"""


def test_a_digest_of_links_grouped_by_theme_is_refused_with_its_reason():
    with pytest.raises(ImportFailure) as refused:
        extract_text(THEMED_LINKS, name="picks.md")
    assert str(refused.value).startswith("picks.md: it is a list of 5 links")
    assert "not notes of one talk" in str(refused.value)


def test_notes_of_one_talk_with_short_linked_clip_sections_are_not_refused():
    talk = only_talk(
        """# Ep. 40: Soil and carbon

## Show notes

The guest, a soil scientist, explains why carbon in soil is measured badly and what a better
sampling scheme looks like. She argues that most offsets overstate what they store.

- sampling depth matters more than sampling count
- the measurement error is larger than the claimed gain on most farms

## Clips

### [01:11] Clip

[Play clip (00:00 - 01:11)](https://share.example.com/clip/1)

### [23:14] Clip

[Play clip (21:54 - 23:14)](https://share.example.com/clip/2)

### [45:41] Clip

[Play clip (44:21 - 45:41)](https://share.example.com/clip/3)
"""
    )
    assert any("sampling depth" in claim.text for claim in talk.claims)


def test_two_speaker_lines_among_many_sections_of_one_talk_are_no_talks():
    only_talk(
        """# A long interview about rivers

## Early years

- she grew up on a river delta and learned to read water levels as a child

## Q&A with the first guest

Speaker: Tomas Ferreira

- asked about floods; answered that levees move the flood downstream

## Method

- counting sediment per season tells more than counting floods

## Q&A with the second guest

Speaker: Aiko Tanaka

- asked about dams; answered that fish ladders work for some species only

## Outlook

- rivers will need room to move, not more walls
"""
    )


def test_a_short_paragraph_opening_with_by_that_names_no_one_stays_a_claim():
    talk = only_talk(
        """# Cars and cities

By 2030, most new cars sold in the city will be electric.

Charging at work matters more than charging at home for most commuters.
"""
    )
    assert any(claim.text.startswith("By 2030") for claim in talk.claims)
