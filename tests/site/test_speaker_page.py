"""The speaker page reads its talk rows in chunks: the walk of its claims and its talks section
must give the same page whether the rows needed were among the first read or came later."""

import datetime as dt
import re

import pytest
from django.utils import translation

from notes import claim_rows, queries
from notes.models import Claim, Language, TalkSpeaker
from notes.templatetags.kb_tags import moment_link
from notes.views import speakers
from tests.factories import ClaimFactory, SpeakerFactory, SummaryFactory, TagFactory, TalkFactory
from tests.site.builders import make_theme, tag_claim, talk_with_speaker, translated_pair


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def busy(db):
    """A speaker in seven talks, newest first "Talk 0" … "Talk 6", each with five claims of theirs."""
    speaker = SpeakerFactory(name="Busy Person", slug="busy-person")
    for n in range(7):
        _, summary, _ = talk_with_speaker(
            speaker, title=f"Talk {n}", slug=f"talk-n{n}", published=dt.date(2020 - n, 1, 1)
        )
        for k in range(5):
            ClaimFactory(summary=summary, speaker=speaker, text=f"Claim {k} of talk {n}.")
    return speaker


def claim_texts(text: str) -> list[str]:
    return re.findall(r"Claim \d of talk \d\.", text)


def pages(client, speaker, count: int) -> list[str]:
    url = speaker.get_absolute_url()
    return [html(client.get(f"{url}?page={n}")) for n in range(1, count + 1)]


def test_a_deep_page_walks_rows_past_the_first_chunk(client, busy, monkeypatch):
    whole = [claim_texts(page) for page in pages(client, busy, 2)]
    # Rows read two at a time: page 2 (claims 26-35) lies in talks 5 and 6, past the first rows.
    monkeypatch.setattr(speakers, "FIRST_ROWS", 2)
    monkeypatch.setattr(speakers, "ROWS_CHUNK", 2)
    chunked = [claim_texts(page) for page in pages(client, busy, 2)]
    assert chunked == whole
    assert chunked[1][0] == "Claim 0 of talk 5." and chunked[1][-1] == "Claim 4 of talk 6."
    assert len(chunked[0]) == 25 and len(chunked[1]) == 10


@pytest.mark.parametrize("rows", [2, 200])
def test_walking_the_talks_finds_the_rows_the_sort_finds(client, busy, monkeypatch, rows):
    """The talks section and the claim pages are the same whether the speaker's rows were sorted or
    found by walking every talk in listing order (SQLite's way for a speaker in many talks)."""
    # Talks of other speakers between theirs, newer and older, which the walk steps over.
    for n in range(4):
        talk_with_speaker(title=f"Other {n}", published=dt.date(2021 - 2 * n, 6, 1))
    monkeypatch.setattr(speakers, "FIRST_ROWS", rows)
    monkeypatch.setattr(speakers, "ROWS_CHUNK", rows)

    def content(walk: bool) -> list[str]:
        monkeypatch.setattr(speakers, "walks_talks", lambda speaker: walk)
        # Each answer has its own CSRF token (the language form): the rest must be the same.
        token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
        return [token.sub("", page) for page in pages(client, busy, 2)]

    sorted_pages, walked_pages = content(False), content(True)
    assert walked_pages == sorted_pages
    assert [len(claim_texts(page)) for page in walked_pages] == [25, 10]
    assert "Talk 6" in walked_pages[0] and "Other" not in walked_pages[0]


@pytest.mark.parametrize(
    ("talk_count", "last_talk_id", "walks"),
    [(2946, 10_000, True), (1456, 10_000, True), (891, 10_000, False), (5, 0, False)],
)
def test_the_walk_is_chosen_when_the_speaker_is_in_enough_of_the_talks(
    talk_count, last_talk_id, walks
):
    speaker = SpeakerFactory.build(slug="s")
    speaker.talk_count, speaker.last_talk_id = talk_count, last_talk_id
    assert speakers.walks_talks(speaker) is walks


def test_the_talks_section_reads_on_for_talks_that_name_the_speaker(client, db, monkeypatch):
    speaker = SpeakerFactory(name="Quoted Person", slug="quoted-person")
    # Quoted in the three newest talks without being named there; named in two older ones.
    for n in range(3):
        summary = SummaryFactory(
            talk=TalkFactory(title=f"Quoted in {n}", published=dt.date(2024 - n, 1, 1))
        )
        ClaimFactory(summary=summary, speaker=speaker, text=f"Quoted claim {n}.")
    for n, role in enumerate([TalkSpeaker.Role.HOST, TalkSpeaker.Role.AUTHOR]):
        talk_with_speaker(
            speaker, role=role, title=f"Named in {n}", published=dt.date(2010 - n, 1, 1)
        )
    monkeypatch.setattr(speakers, "FIRST_ROWS", 2)
    monkeypatch.setattr(speakers, "ROWS_CHUNK", 2)
    text = html(client.get(speaker.get_absolute_url()))
    section = text[text.index('id="speaker-talks-heading"') : text.index("</section>")]
    assert re.findall(r'class="talk-title"[^>]*>([^<]+)<', section) == ["Named in 0", "Named in 1"]
    assert '<span class="role">host</span>' in section
    assert '<span class="role">author</span>' in section
    assert "Quoted in" not in section
    assert "3 claims" in text and "Quoted claim 2." in text


def test_talks_past_the_section_are_counted_from_the_counter(client, busy, monkeypatch):
    monkeypatch.setattr(speakers, "SPEAKER_TALKS", 3)
    text = html(client.get(busy.get_absolute_url()))
    section = text[text.index('id="speaker-talks-heading"') : text.index("</section>")]
    assert re.findall(r'class="talk-title"[^>]*>([^<]+)<', section) == [
        "Talk 0",
        "Talk 1",
        "Talk 2",
    ]
    assert "…and 4 earlier talks." in section
    assert '<time datetime="2019-01-01">' in section  # each talk's date, as precise as known
    assert "35 claims" in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_rows_read_by_fetch_rows_render_as_rows_read_for_display(db, language):
    theme = make_theme("t-rows", "Row theme", "行主题", position=1)
    plain = TagFactory(slug="plain-tag", name="plain tag")
    talk, summary, speaker = talk_with_speaker(
        title="Row talk", url="https://www.youtube.com/watch?v=abcdefghijk"
    )
    english, _ = translated_pair(summary, speaker, "A point in English.", "中文的观点。", theme)
    tag_claim(english, plain)
    lone = ClaimFactory(summary=summary, speaker=speaker, language=Language.ZH, start_seconds=65)
    tag_claim(lone, plain, theme)
    ClaimFactory(summary=summary, speaker=None, text="Nobody said this.")
    claims = queries.public_claims().filter(talk=talk).order_by("pk")

    def render(rows: list[Claim]) -> list[str]:
        return [
            claim_rows.claim_row(
                claim, show_speaker=True, show_talk=True, show_tags=True, moment=moment_link(claim)
            )
            for claim in rows
        ]

    with translation.override(language):
        expected = render(list(queries.for_display(claims)))
        assert render(claim_rows.fetch_rows(claims)) == expected
        assert render(claim_rows.fetch_rows(claims, talk=talk)) == expected
    assert "chip-theme" in expected[0] and "plain tag" in expected[0]


def test_themes_are_counted_exactly_from_the_counters_past_the_facet_sample(
    client, db, monkeypatch
):
    """A speaker's themes show how many of their public points carry each, most first: exact
    counts (their (speaker, tag) counter rows), however many claims they have."""
    from notes import lists

    monkeypatch.setattr(lists, "FACET_SAMPLE", 2)  # the sample the counts once came from
    speaker = SpeakerFactory(name="Counted Person", slug="counted-person")
    often, rarely = make_theme("t-often", "Often", "常常"), make_theme("t-rare", "Rarely", "很少")
    _, summary, _ = talk_with_speaker(speaker, title="Counted talk", slug="counted-talk")
    for n in range(4):
        tag_claim(ClaimFactory(summary=summary, speaker=speaker, text=f"Often {n}."), often)
    tag_claim(ClaimFactory(summary=summary, speaker=speaker, text="Rare."), rarely)
    # A pair is one point: counted once on the theme both versions carry.
    translated_pair(summary, speaker, "Paired point.", "成对的观点。", often)
    hidden = ClaimFactory(summary=summary, speaker=speaker, text="Hidden.", status="hidden")
    tag_claim(hidden, rarely)
    text = html(client.get(speaker.get_absolute_url()))
    section = text[text.index('id="speaker-themes-heading"') :]
    counts = re.findall(r'>(Often|Rarely) <span class="count">([^<]+)</span>', section)
    assert counts == [("Often", "5"), ("Rarely", "1")]
