"""Speakers resolve against the knowledge base: seeded hosts, curators' aliases and merges, show names."""

import itertools

import pytest

from notes.importer.persist import PersistContext, persist_document
from notes.importer.types import ParsedSpeaker
from notes.models import Speaker, SpeakerAlias, Talk, TalkSpeaker
from notes.services.merge import merge_speakers
from tests.importer.parsed_builders import make_document, make_talk

pytestmark = pytest.mark.django_db


def persist(doc):
    return persist_document(doc, PersistContext())


def talk_with(*speakers, url="https://www.youtube.com/watch?v=abcdefghijk", points=None):
    talk = make_talk(url=url, speakers=(), points=points or ["A point."], translations=False)
    talk.speakers = list(speakers)
    return talk


def roles() -> set[tuple[str, str, str]]:
    return set(TalkSpeaker.objects.values_list("talk__url", "speaker__name", "role"))


def test_a_seeded_short_form_is_the_full_name():
    persist(make_document("a.md", talk_with(ParsedSpeaker("Dwarkesh", "host"))))
    assert roles() == {("https://www.youtube.com/watch?v=abcdefghijk", "Dwarkesh Patel", "host")}
    assert not Speaker.objects.filter(name="Dwarkesh").exists()


def test_a_seeded_chinese_alias_is_the_same_person():
    persist(make_document("a.md", talk_with(ParsedSpeaker("伊利亚·苏茨科夫", "guest"))))
    assert {name for _url, name, _role in roles()} == {"Ilya Sutskever"}


def test_seeded_speakers_are_editable_rows():
    speaker = Speaker.objects.get(name="Lex Fridman")
    SpeakerAlias.objects.filter(speaker=speaker, alias="Lex").delete()
    persist(make_document("a.md", talk_with(ParsedSpeaker("Lex", "host"))))
    assert {name for _url, name, _role in roles()} == {"Lex"}


def test_a_curators_merge_teaches_later_imports():
    first = "https://www.youtube.com/watch?v=aaaaaaaaaaa"
    persist(make_document("a.md", talk_with(ParsedSpeaker("AJK", "author"), url=first)))
    full = Speaker.objects.get(name="Andrej Karpathy")
    merge_speakers(full, [Speaker.objects.get(name="AJK")])

    later = "https://www.youtube.com/watch?v=bbbbbbbbbbb"
    persist(make_document("b.md", talk_with(ParsedSpeaker("AJK", "author"), url=later)))

    assert not Speaker.objects.filter(name="AJK").exists()
    assert {(url, name) for url, name, _role in roles()} == {
        (first, "Andrej Karpathy"),
        (later, "Andrej Karpathy"),
    }


def test_an_alias_a_curator_adds_resolves_the_next_import():
    speaker = Speaker.objects.create(name="Jane Roe", slug="jane-roe")
    SpeakerAlias.objects.create(speaker=speaker, alias="简·罗")
    persist(make_document("a.md", talk_with(ParsedSpeaker("简·罗", "guest"))))
    assert {name for _url, name, _role in roles()} == {"Jane Roe"}


def test_a_show_the_knowledge_base_knows_names_its_host():
    talk = talk_with(
        ParsedSpeaker("Jane Roe", "guest"), ParsedSpeaker("Lenny's Podcast", "host", if_known=True)
    )
    persist(make_document("a.md", talk))
    assert {(name, role) for _url, name, role in roles()} == {
        ("Jane Roe", "guest"),
        ("Lenny Rachitsky", "host"),
    }


def test_a_show_nobody_knows_creates_no_speaker():
    before = Speaker.objects.count()
    talk = talk_with(
        ParsedSpeaker("Jane Roe", "guest"), ParsedSpeaker("Kettle Hour", "host", if_known=True)
    )
    persist(make_document("a.md", talk))
    assert Speaker.objects.count() == before + 1
    assert {name for _url, name, _role in roles()} == {"Jane Roe"}


def test_the_other_spellings_a_note_gives_become_aliases():
    person = ParsedSpeaker("Jane Roe", "guest", ["JR", "简·罗"])
    persist(make_document("a.md", talk_with(person)))
    assert set(
        SpeakerAlias.objects.filter(speaker__name="Jane Roe").values_list("alias", flat=True)
    ) == {
        "JR",
        "简·罗",
    }


def test_short_forms_seeded_names_and_shows_give_one_result_in_every_order():
    url_a = "https://www.youtube.com/watch?v=aaaaaaaaaaa"
    url_b = "https://www.youtube.com/watch?v=bbbbbbbbbbb"
    docs = [
        make_document(
            "short.md", talk_with(ParsedSpeaker("Ada", "guest"), url=url_a, points=["One."])
        ),
        make_document(
            "full.md",
            talk_with(ParsedSpeaker("Ada Lovelace", "guest"), url=url_a, points=["Two."]),
        ),
        make_document(
            "show.md",
            talk_with(
                ParsedSpeaker("Dwarkesh", "host"),
                ParsedSpeaker("Dwarkesh Podcast", "host", if_known=True),
                url=url_b,
                points=["Three."],
            ),
        ),
    ]
    results = []
    for order in itertools.permutations(docs):
        for doc in order:
            persist(doc)
        results.append(roles())
        for model in (TalkSpeaker, SpeakerAlias):
            model.objects.filter(speaker__name__in=["Ada", "Ada Lovelace"]).delete()
        Speaker.objects.filter(name__in=["Ada", "Ada Lovelace"]).delete()
        Talk.objects.all().delete()
    assert results[0] == {
        (url_a, "Ada Lovelace", "guest"),
        (url_b, "Dwarkesh Patel", "host"),
    }
    assert all(result == results[0] for result in results)
