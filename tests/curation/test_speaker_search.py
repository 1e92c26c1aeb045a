"""speaker: finds a person by surname, by a word of a Chinese alias, and by whole aliases."""

import pytest

from notes.normalise import name_parts
from notes.search import index_claims, search_claims
from tests.factories import ClaimFactory, SpeakerAliasFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_name_parts_split_on_spaces_and_name_dots():
    assert name_parts("伊利亚·苏茨科夫") == {"伊利亚", "苏茨科夫"}
    assert name_parts("I. Sutskever") == {"sutskever"}  # an initial identifies nobody


@pytest.fixture
def ilya_claims():
    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚·苏茨科夫")
    his = ClaimFactory(text="Pre-training gave breadth.", speaker=ilya)
    other = ClaimFactory(
        text="Pre-training gave depth.", speaker=SpeakerFactory(name="Ilse Sutton")
    )
    index_claims([his.pk, other.pk])
    return his, other


@pytest.mark.parametrize(
    "query",
    ["speaker:伊利亚", "speaker:sutskever", "speaker:Sutskever", "speaker:苏茨科夫",
     'speaker:"伊利亚·苏茨科夫"', "speaker:ilya-sutskever"],
)  # fmt: skip
def test_speaker_filter_matches_surname_and_alias_words(ilya_claims, query):
    his, _other = ilya_claims
    page = search_claims(f"pre-training {query}")
    assert [hit.claim.pk for hit in page.hits] == [his.pk], query
    assert page.unresolved == []


def test_part_of_a_word_matches_nobody(ilya_claims):
    page = search_claims("pre-training speaker:sutsk")
    assert page.total == 0 and page.unresolved == ["speaker:sutsk"]
