"""Persistence of hand-built documents: identity, speakers, claims, translations, themes, order."""

import itertools

import pytest

from notes.importer.persist import PersistContext, persist_document
from notes.models import Claim, Speaker, SpeakerAlias, Summary, TaggedClaim, Talk, TalkSpeaker
from tests.importer.parsed_builders import make_document, make_talk

pytestmark = pytest.mark.django_db


def persist(doc):
    return persist_document(doc, PersistContext())


def test_a_new_file_creates_talk_summary_sections_and_claims():
    outcome = persist(make_document())

    talk = Talk.objects.get()
    assert outcome.outcome == "imported"
    assert outcome.talks[0].action == "creates"
    assert talk.url == "https://www.youtube.com/watch?v=abcdefghijk"
    assert talk.published.isoformat() == "2025-11-25"
    assert list(talk.tags.values_list("slug", flat=True)) == ["llm"]
    summary = Summary.objects.get()
    assert summary.sections.count() == 2
    assert summary.claims.count() == 6
    assert summary.metadata["title"] == talk.title
    assert "Scaling and research: a conversation</h" in summary.html  # rendered as a heading


def test_translations_are_linked_both_ways():
    persist(make_document())

    english = Claim.objects.get(text__startswith="Models generalize")
    chinese = Claim.objects.get(text__startswith="模型的泛化")
    assert english.translation == chinese
    assert chinese.translation == english


def test_claims_get_keyword_themes_with_reasons():
    persist(make_document())

    row = TaggedClaim.objects.get(
        content_object__text__startswith="模型的泛化", tag__slug="generalization"
    )
    assert row.reason == 'keyword "泛化"'
    assert not row.by_curator
    assert TaggedClaim.objects.filter(
        content_object__text__startswith="Continual", tag__slug="continual-learning"
    ).exists()


def test_fingerprint_is_the_normalised_text_hash():
    persist(make_document())

    claim = Claim.objects.get(text__startswith="Models generalize")
    from notes.importer.claims_sync import claim_fingerprint

    assert claim.fingerprint == claim_fingerprint(
        "  MODELS generalize far worse than people do, and that is the main open problem. "
    )


def test_the_same_text_again_changes_nothing():
    persist(make_document())
    before = list(Claim.objects.values_list("pk", "updated"))

    outcome = persist(make_document(extra=" "))  # other bytes, same talk text

    assert outcome.outcome == "unchanged"
    assert list(Claim.objects.values_list("pk", "updated")) == before
    assert Summary.objects.count() == 1


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_url_and_title_files_join_one_talk_in_any_order(order):
    with_url = make_talk(
        title="Scaling and Research — A Conversation",
        points=["Point one about scaling laws."],
        translations=False,
    )
    title_only = make_talk(
        title="scaling and research - a conversation",
        url="",
        points=["Point two about generalization."],
        translations=False,
    )
    short_url = make_talk(
        title="Another title for the same video",
        url="https://youtu.be/abcdefghijk?si=tracking",
        points=["Point three about research taste."],
        translations=False,
    )
    docs = [
        make_document("a.md", with_url),
        make_document("b.md", title_only),
        make_document("c.md", short_url),
    ]
    for index in order:
        persist(docs[index])

    talk = Talk.objects.get()
    assert talk.summaries.count() == 3
    assert talk.url == "https://www.youtube.com/watch?v=abcdefghijk"
    # The talk's title comes from the best-informed summary, whatever the order.
    assert talk.title in (
        "Scaling and Research — A Conversation",
        "Another title for the same video",
    )


def in_talks():
    """Speakers of some talk (the knowledge base is seeded with well-known hosts besides)."""
    return Speaker.objects.filter(talk_roles__isnull=False).distinct()


@pytest.mark.parametrize("first_short", [True, False])
def test_a_bare_first_name_is_the_full_name_in_the_same_talk(first_short):
    short = make_talk(
        speakers=[("Ada", "guest", [])], points=["Short point one."], translations=False
    )
    full = make_talk(
        speakers=[("Ada Lovelace", "guest", [])], points=["Full point two."], translations=False
    )
    docs = [make_document("short.md", short), make_document("full.md", full)]
    for doc in docs if first_short else reversed(docs):
        persist(doc)

    assert list(in_talks().values_list("name", flat=True)) == ["Ada Lovelace"]
    assert SpeakerAlias.objects.filter(alias="Ada", speaker__name="Ada Lovelace").exists()
    assert TalkSpeaker.objects.count() == 1


def test_dialogue_turns_are_attributed_to_known_speakers_by_alias():
    talk = make_talk(dialogue=[("Ada", "I think models need better priors."), ("Grace", "Why?")])
    persist(make_document("d.md", talk))

    turn = Claim.objects.get(kind="dialogue", text__startswith="I think")
    assert turn.speaker.name == "Ada Lovelace"
    other = Claim.objects.get(kind="dialogue", text="Why?")
    assert other.speaker.name == "Grace Hopper"
    assert in_talks().count() == 2


def test_a_draft_makes_the_talk_private_and_mentioned_people_are_not_speakers():
    talk = make_talk(
        public=False,
        speakers=[("Ada Lovelace", "author", []), ("Charles Babbage", "mentioned", [])],
    )
    persist(make_document("e.md", talk))

    talk = Talk.objects.get()
    assert talk.public is False
    roles = dict(talk.talk_speakers.values_list("speaker__name", "role"))
    assert roles == {"Ada Lovelace": "author", "Charles Babbage": "mentioned"}


def test_two_urls_with_one_title_stay_two_talks():
    persist(make_document("a.md", make_talk(points=["One."], translations=False)))
    other = make_talk(url="https://example.org/other", points=["Two."], translations=False)
    persist(make_document("b.md", other))

    assert Talk.objects.count() == 2
    assert set(Talk.objects.values_list("slug", flat=True)) == {
        "scaling-and-research-a-conversation",
        "scaling-and-research-a-conversation-2",
    }


def test_a_file_with_several_talks_makes_several_talks():
    first = make_talk(
        title="Episode one",
        url="https://example.org/1",
        points=["Alpha point."],
        translations=False,
    )
    second = make_talk(
        title="Episode two", url="https://example.org/2", points=["Beta point."], translations=False
    )
    outcome = persist(make_document("digest.md", first, second))

    assert [t.action for t in outcome.talks] == ["creates", "creates"]
    assert list(Summary.objects.order_by("part").values_list("part", "talk__title")) == [
        (0, "Episode one"),
        (1, "Episode two"),
    ]


def test_an_edited_file_updates_untouched_claims_and_keeps_curated_ones():
    from notes.services.curation import mark_curated
    from notes.services.review import set_claim_status

    persist(make_document("f.md", make_talk(translations=False)))
    edited_text = Claim.objects.get(text__startswith="Models generalize")
    edited_text.text = "A curator's better wording."
    edited_text.save()
    mark_curated(edited_text, ["text"])
    reviewed = Claim.objects.filter(text__startswith="Reinforcement")
    set_claim_status(reviewed, "reviewed")

    points = [
        "Models generalize far worse than people do, and that is the main open problem.",
        "Reinforcement learning now uses more compute than pre-training at some labs, they say.",
        "A brand new point about research taste.",
    ]
    outcome = persist(make_document("f.md", make_talk(points=points, translations=False)))

    assert outcome.outcome == "updated"
    texts = list(Claim.objects.order_by("position").values_list("text", "status"))
    assert texts == [
        ("A curator's better wording.", "imported"),
        (
            "Reinforcement learning now uses more compute than pre-training at some labs.",
            "reviewed",
        ),
        ("A brand new point about research taste.", "imported"),
    ]
    assert "kept as the curator left them" in outcome.talks[0].note


def test_a_new_alias_reindexes_the_speakers_older_claims():
    from notes.search import search_claims

    first = make_talk(dialogue=[("Ada", "Priors matter more than data.")], translations=False)
    persist(make_document("first.md", first))
    second = make_talk(
        title="A second talk",
        url="https://example.org/second",
        speakers=[("Ada Lovelace", "guest", ["Countess Lovelace"])],
        points=["Engines can compose music."],
        translations=False,
    )
    persist(make_document("second.md", second))

    page = search_claims("Countess Priors", public_only=False)
    assert [hit.claim.text for hit in page.hits] == ["Priors matter more than data."]
