"""search_claims on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notes.models import ClaimKind, ClaimStatus, Language, TaggedClaim
from notes.search import index_claims, search_claims
from notes.search import searching as searching_module
from notes.search.plan import build_plan
from notes.search.query_parser import parse_query
from tests.factories import (
    SpeakerAliasFactory,
    SpeakerFactory,
    SummaryFactory,
    TagFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def found(query, **options) -> list[int]:
    return [hit.claim.id for hit in search_claims(query, **options).hits]


def test_one_chinese_character_matches_inside_longer_text(indexed_claim):
    inside = indexed_claim("信息论里的熵增原理也适用于模型训练。", language=Language.ZH)
    alone = indexed_claim("系统的熵很高", language=Language.ZH)
    indexed_claim("完全无关的一句话。", language=Language.ZH)
    assert sorted(found("熵")) == sorted([inside.id, alone.id])


def test_two_character_word_matches_inside_longer_text(indexed_claim):
    inside = indexed_claim("模型的泛化能力远不如人类。", language=Language.ZH)
    at_end = indexed_claim("这就是泛化", language=Language.ZH)
    indexed_claim("模型的能力很强。", language=Language.ZH)
    assert sorted(found("泛化")) == sorted([inside.id, at_end.id])


def test_four_character_query_needs_the_characters_together(indexed_claim):
    together = indexed_claim("模型的泛化能力远不如人类。", language=Language.ZH)
    indexed_claim("泛化是一种能力。", language=Language.ZH)
    assert found("泛化能力") == [together.id]


def test_english_prefix_matches_longer_words_only_at_word_start(indexed_claim):
    noun = indexed_claim("Generalization is the open problem.")
    verb = indexed_claim("Models generalize worse than people.")
    indexed_claim("This generation of models is different.")
    indexed_claim("Overgeneralization is a mistake too.")
    assert sorted(found("generaliz")) == sorted([noun.id, verb.id])


def test_free_words_must_all_match(indexed_claim):
    both = indexed_claim("Pre-training gives models broad knowledge.")
    indexed_claim("Pre-training is expensive.")
    assert found("pre-training knowledge") == [both.id]
    assert found("training knowledge") == [both.id]
    assert found("training nothing") == []


def test_mixed_chinese_and_english_query(indexed_claim):
    mixed = indexed_claim("RL 的泛化能力仍然有限。", language=Language.MIXED)
    indexed_claim("RL needs better rewards.")
    indexed_claim("泛化很难。", language=Language.ZH)
    assert found("rl 泛化") == [mixed.id]
    assert found("RL的泛化") == [mixed.id]


def test_exact_phrase(indexed_claim):
    phrase = indexed_claim("Value functions are the key problem here.")
    indexed_claim("The problem is key to value functions.")
    assert found('"key problem"') == [phrase.id]


def test_excluded_word_and_phrase(indexed_claim):
    keep = indexed_claim("Robots learn by doing.")
    indexed_claim("Robots learn from simulation.")
    indexed_claim("Robots learn in the real world.")
    assert found('robots -simulation -"real world"') == [keep.id]


def test_exclusion_only_lists_everything_else(indexed_claim):
    keep = indexed_claim("Scaling laws still hold.")
    indexed_claim("Robots are hard.")
    assert found("-robots") == [keep.id]


def test_tag_filter_as_hash_and_key(indexed_claim):
    tag = TagFactory(name="Scaling laws", slug="scaling-laws")
    tagged = indexed_claim("Bigger models, better results.")
    indexed_claim("Bigger models, worse results.")
    TaggedClaim.objects.create(content_object=tagged, tag=tag)
    index_claims([tagged.id])
    assert found("#scaling-laws") == [tagged.id]
    assert found("tag:Scaling-Laws bigger") == [tagged.id]
    assert found('tag:"scaling laws"') == [tagged.id]


def test_theme_filter_only_matches_themes(indexed_claim):
    theme = TagFactory(name="Curiosity", slug="curiosity", is_theme=True, name_zh="好奇心")
    plain = TagFactory(name="Plain", slug="plain")
    in_theme = indexed_claim("Curious agents explore more.")
    TaggedClaim.objects.create(content_object=in_theme, tag=theme)
    other = indexed_claim("Curious agents waste time.")
    TaggedClaim.objects.create(content_object=other, tag=plain)
    index_claims([in_theme.id, other.id])
    assert found("theme:curiosity") == [in_theme.id]
    assert found("theme:好奇心 curious") == [in_theme.id]
    page = search_claims("theme:plain")
    assert page.hits == [] and page.unresolved == ["theme:plain"]


def test_several_tags_narrow(indexed_claim):
    first, second = TagFactory(slug="first"), TagFactory(slug="second")
    both = indexed_claim("Tagged twice.")
    one = indexed_claim("Tagged once.")
    TaggedClaim.objects.create(content_object=both, tag=first)
    TaggedClaim.objects.create(content_object=both, tag=second)
    TaggedClaim.objects.create(content_object=one, tag=first)
    index_claims([both.id, one.id])
    assert sorted(found("#first")) == sorted([both.id, one.id])
    assert found("#first #second") == [both.id]


def test_unknown_tag_finds_nothing_and_says_so(indexed_claim):
    indexed_claim("Anything at all.")
    page = search_claims("anything #nosuchtag")
    assert page.total == 0 and page.hits == []
    assert page.unresolved == ["#nosuchtag"]


def test_speaker_filter_by_name_alias_and_slug(indexed_claim):
    ilya = SpeakerFactory(name="Ilya Sutskever", slug="ilya-sutskever")
    SpeakerAliasFactory(speaker=ilya, alias="伊利亚")
    his = indexed_claim("Emotions are a value function.", speaker=ilya)
    indexed_claim("Emotions are noise.", speaker=SpeakerFactory(name="Someone Else"))
    for query in ('speaker:"Ilya Sutskever"', "speaker:ilya-sutskever", "speaker:伊利亚"):
        assert found(f"emotions {query}") == [his.id], query
    assert found("speaker:nobody") == []


def test_speaker_name_in_free_text_matches_his_claims(indexed_claim):
    ilya = SpeakerFactory(name="Ilya Sutskever")
    his = indexed_claim("模型的泛化能力不如人类。", speaker=ilya, language=Language.ZH)
    indexed_claim("模型的泛化能力很强。", language=Language.ZH)
    assert found("sutskever 泛化") == [his.id]


def test_language_and_kind_filters(indexed_claim):
    zh = indexed_claim("规模定律依然成立。", language=Language.ZH, kind=ClaimKind.PASSAGE)
    en = indexed_claim("Scaling laws still hold.", language=Language.EN)
    assert found("lang:zh") == [zh.id]
    assert found("lang:en") == [en.id]
    assert sorted(found("lang:zh lang:en")) == sorted([zh.id, en.id])
    assert found("kind:passage") == [zh.id]
    assert found("kind:key_point") == [en.id]


def test_hidden_claims_and_private_talks_are_left_out(indexed_claim):
    public = indexed_claim("Sample efficiency matters.")
    hidden = indexed_claim("Sample efficiency is hidden.", status=ClaimStatus.HIDDEN)
    private = indexed_claim(
        "Sample efficiency in private.", summary=SummaryFactory(talk=TalkFactory(public=False))
    )
    assert found("sample efficiency") == [public.id]
    assert sorted(found("sample efficiency", public_only=False)) == sorted(
        [public.id, hidden.id, private.id]
    )


def test_talk_made_private_later_needs_no_reindex(indexed_claim):
    claim = indexed_claim("Continual learning is next.")
    claim.talk.public = False
    claim.talk.save()
    assert found("continual") == []


def test_key_points_and_highlights_rank_before_passages_and_dialogue(indexed_claim):
    # the passage repeats the word and is short, so on relevance alone it would come first
    passage = indexed_claim("Reward reward reward.", kind=ClaimKind.PASSAGE)
    dialogue = indexed_claim("Reward hacking again.", kind=ClaimKind.DIALOGUE)
    key_point = indexed_claim(
        "A long key point that mentions the reward only once among many words.",
        kind=ClaimKind.KEY_POINT,
    )
    highlight = indexed_claim(
        "A long highlight that mentions the reward only once among other words.",
        kind=ClaimKind.HIGHLIGHT,
    )
    ranked = found("reward")
    assert set(ranked[:2]) == {key_point.id, highlight.id}
    assert set(ranked[2:]) == {passage.id, dialogue.id}


def test_relevance_orders_within_a_kind(indexed_claim):
    weak = indexed_claim("Taste is one thing among a great many other things researchers need.")
    strong = indexed_claim("Taste, taste, taste.")
    assert found("taste") == [strong.id, weak.id]


def test_recency_breaks_ties(indexed_claim):
    older = indexed_claim(
        "Timelines are short.",
        summary=SummaryFactory(talk=TalkFactory(published=dt.date(2023, 1, 1))),
    )
    newer = indexed_claim(
        "Timelines are short.",
        summary=SummaryFactory(talk=TalkFactory(published=dt.date(2025, 1, 1))),
    )
    assert found("timelines") == [newer.id, older.id]


def test_filters_without_words_list_newest_first(indexed_claim):
    first = indexed_claim("First claim.", language=Language.EN)
    second = indexed_claim("Second claim.", language=Language.EN)
    indexed_claim("第三条。", language=Language.ZH)
    page = search_claims("lang:en")
    assert [h.claim.id for h in page.hits] == [second.id, first.id]
    assert page.talks == []


def test_empty_query_lists_newest(indexed_claim):
    first = indexed_claim("First.")
    second = indexed_claim("Second.")
    assert found("") == [second.id, first.id]


def test_hits_are_highlighted_and_carry_their_talk(indexed_claim):
    claim = indexed_claim("模型的泛化能力 <b>不如</b> 人类。", language=Language.ZH)
    hit = search_claims("泛化").hits[0]
    assert hit.claim.talk == claim.talk
    assert hit.highlighted == "模型的<mark>泛化</mark>能力 &lt;b&gt;不如&lt;/b&gt; 人类。"


def test_paging(indexed_claim):
    claims = [indexed_claim(f"Paging claim number {i}.") for i in range(5)]
    pages = [search_claims("paging", per_page=2, page=n) for n in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert {h.claim.id for p in pages for h in p.hits} == {c.id for c in claims}
    assert pages[0].num_pages == 3 and pages[0].has_next and not pages[0].has_previous
    assert pages[2].has_previous and not pages[2].has_next
    assert search_claims("paging", per_page=2, page=99).page == 3
    assert search_claims("paging", per_page=2, page="nonsense").page == 1


def test_total_is_capped(indexed_claim, monkeypatch):
    monkeypatch.setattr(searching_module, "COUNT_CAP", 3)
    for i in range(5):
        indexed_claim(f"Capped claim {i}.")
    page = search_claims("capped")
    assert page.total == 3 and page.total_is_capped
    assert page.total_label == "3+"
    uncapped = search_claims("capped #nosuchtag")
    assert not uncapped.total_is_capped and uncapped.total_label == "0"


def test_talks_matching_the_title(indexed_claim):
    talk = TalkFactory(title="Why models generalize worse than people")
    TalkFactory(title="Why models generalize: a private talk", public=False)
    TalkFactory(title="Something else")
    page = search_claims("generalize worse")
    assert page.talks == [talk]


def test_extra_filters_narrow_to_a_talk_a_speaker_or_tags(indexed_claim):
    speaker = SpeakerFactory(name="Extra Filter")
    one = indexed_claim("Extra filters work.", speaker=speaker)
    two = indexed_claim("Extra filters work too.")
    assert found("extra", talk_id=two.talk_id) == [two.id]
    assert found("extra", speaker_id=speaker.id) == [one.id]
    assert found("extra", tag_slugs=["nosuchtag"]) == []


def test_query_count_does_not_grow_with_hits(indexed_claim, django_assert_num_queries):
    indexed_claim("Constant queries.")
    search_claims("constant")  # on PostgreSQL: the planner statistics, read once per process
    # the glossary and bilingual tags (one statement), the matches (count and top ids in one),
    # claims with their relations, talks by title
    with django_assert_num_queries(4):
        assert len(search_claims("constant").hits) == 1
    for i in range(9):
        indexed_claim(f"Constant queries {i}.")
    with django_assert_num_queries(4):
        page = search_claims("constant")
        assert len(page.hits) == 10
        assert all(h.claim.talk.title for h in page.hits)
        assert [h.claim.speaker for h in page.hits]  # loaded with the claim, no query


def test_planner_statistics_are_read_once_not_per_search(indexed_claim):
    indexed_claim("Statistics once.")
    with CaptureQueriesContext(connection) as first:
        search_claims("statistics")
    with CaptureQueriesContext(connection) as second:
        search_claims("statistics")
    extra = 1 if connection.vendor == "postgresql" else 0  # pg_stats, then kept (pg_route)
    assert len(first.captured_queries) == len(second.captured_queries) + extra
    assert not any("pg_stats" in q["sql"] for q in second.captured_queries)


def test_query_count_with_filters_does_not_grow_with_hits(indexed_claim, django_assert_num_queries):
    speaker = SpeakerFactory(name="Counted Speaker")
    tag = TagFactory(slug="counted")
    claims = [indexed_claim(f"Counted claim {i}.", speaker=speaker) for i in range(6)]
    for claim in claims:
        TaggedClaim.objects.create(content_object=claim, tag=tag)
    index_claims([claims[0].id])
    search_claims("counted")  # on PostgreSQL: the planner statistics, read once per process
    # tags, speakers, the glossary and bilingual tags, the matches, claims with their relations,
    # talks by title
    with django_assert_num_queries(6):
        assert len(search_claims('counted #counted speaker:"Counted Speaker"').hits) == 1
    index_claims([c.id for c in claims])
    with django_assert_num_queries(6):
        page = search_claims('counted #counted speaker:"Counted Speaker"')
        assert len(page.hits) == 6
        assert {h.claim.speaker.name for h in page.hits} == {"Counted Speaker"}


def test_talk_made_public_later_shows_once_reindexed(indexed_claim):
    claim = indexed_claim(
        "Superintelligence arrives slowly.", summary=SummaryFactory(talk=TalkFactory(public=False))
    )
    claim.talk.public = True
    claim.talk.save()
    assert found("superintelligence") == []  # the index still says "not public"
    index_claims([claim.id])
    assert found("superintelligence") == [claim.id]


def test_a_stale_index_never_shows_a_hidden_claim_on_a_ranked_page(indexed_claim):
    shown = indexed_claim("Compute is the bottleneck.")
    hidden = indexed_claim("Compute is cheap.")
    hidden.status = ClaimStatus.HIDDEN
    hidden.save()  # hidden without a re-index
    page = search_claims("compute")
    assert [h.claim.id for h in page.hits] == [shown.id]
    assert page.total == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite expands Latin prefixes")
def test_a_prefix_is_read_as_the_words_it_starts(indexed_claim, monkeypatch):
    from notes.search.backends import sqlite as sqlite_backend

    claims = [
        indexed_claim(text)
        for text in ("Generalization is hard.", "Models generalize.", "The generalist wins.")
    ]
    indexed_claim("Generation is different.")
    plan = build_plan(parse_query("general"), tag_groups=[], speaker_ids=None)
    with connection.cursor() as cursor:
        match, params = sqlite_backend.SqliteBackend().match_sql(plan)
        cursor.execute(f"SELECT {match}", params)
        expanded = cursor.fetchone()[0]
    assert "*" not in expanded and '"generalize"' in expanded and '"generalist"' in expanded
    assert sorted(found("general")) == sorted(c.id for c in claims)
    monkeypatch.setattr(sqlite_backend, "MAX_EXPANSION", 2)  # too many words: the * form
    assert sorted(found("general")) == sorted(c.id for c in claims)
    assert found("generalx") == []  # no word starts so: nothing, as before


def test_lists_without_words_agree_on_notes_claim_and_in_the_index(indexed_claim):
    """PostgreSQL lists speaker:/#tag/lang: from notes_claim (plain.py); both ways give one row per
    translated point, newest first, and the same count. (With lang:en the plain list names the
    point by its English version, the index by the claim standing for it: the same point.)"""
    from notes.search.backends import Scope, get_backend
    from notes.search.filters import resolve_filters
    from notes.search.plain import plain_matches

    speaker = SpeakerFactory(name="Plain Speaker")
    chinese = indexed_claim("模型的泛化。", language=Language.ZH, speaker=speaker)
    english = indexed_claim("Models generalize.", speaker=speaker, summary=chinese.summary)
    chinese.translation = english
    chinese.save()
    index_claims([chinese.id])
    other = indexed_claim("Another point.", speaker=speaker)
    indexed_claim("Someone else.", speaker=SpeakerFactory(name="Other Speaker"))
    for text in ('speaker:"Plain Speaker"', 'speaker:"Plain Speaker" lang:en', ""):
        query = parse_query(text)
        resolved = resolve_filters(query)
        plan = build_plan(query, tag_groups=resolved.tag_groups, speaker_ids=resolved.speaker_ids)
        plain = plain_matches(query, resolved, Scope(), cap=1001, keep=20)
        indexed = get_backend().matches(plan, Scope(), cap=1001, keep=20, ranked=False)
        point = {english.id: chinese.id}
        as_ids = [
            (total, [point.get(m.claim_id, m.claim_id) for m in matches])
            for total, matches in (plain, indexed)
        ]
        assert as_ids[0] == as_ids[1], text
    assert found('speaker:"Plain Speaker"') == [other.id, chinese.id]
