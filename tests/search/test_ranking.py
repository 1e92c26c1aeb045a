"""Relevance on the top candidates (pure: no database needed)."""

import datetime as dt

from notes.search import ranking
from notes.search.backends import Match
from notes.search.plan import build_plan, term_tokens
from notes.search.query_parser import parse_query


def phrases(query: str):
    return [term_tokens(term) for term in parse_query(query).terms]


def pattern(query: str) -> str:
    return ranking.phrase_pattern(phrases(query)[0]).pattern


def test_chinese_bigrams_become_the_characters_in_a_row():
    assert pattern("泛化能力") == "泛化能力"
    assert ranking.phrase_pattern(phrases("泛化能力")[0]).findall("模型的泛化能力，泛化能力") == [
        "泛化能力",
        "泛化能力",
    ]


def test_latin_words_are_whole_unless_a_prefix():
    prefix = ranking.phrase_pattern(phrases("generaliz")[0])
    assert prefix.findall("generalization, generalize; overgeneralization") == [
        "generalization",
        "generalize",
    ]
    exact = ranking.phrase_pattern(phrases('"scaling laws"')[0])
    assert len(exact.findall("scaling laws, scaling  laws and scaling lawsuits")) == 2


def test_mixed_phrase_allows_a_gap_between_scripts():
    assert ranking.phrase_pattern(phrases("RL的泛化")[0]).findall("rl 的泛化能力") == ["rl 的泛化"]


def test_more_and_denser_occurrences_score_higher():
    taste = phrases("taste")
    strong = ranking.score("Taste, taste, taste.", taste)
    weak = ranking.score(
        "Taste is one thing among a great many other things researchers need.", taste
    )
    assert strong > weak > 0
    assert ranking.score("Nothing about it.", taste) == 0


def plan_for(query: str):
    return build_plan(parse_query(query), tag_groups=[], speaker_ids=None)


def test_only_the_first_candidates_are_reordered(monkeypatch):
    monkeypatch.setattr(ranking, "RERANK", 2)
    day = dt.date(2024, 1, 1)
    matches = [
        Match(1, tier=0, published=day, text="reward once among other words"),
        Match(2, tier=0, published=day, text="reward reward"),
        Match(3, tier=1, published=day, text="reward reward reward"),  # past the re-ranked block
    ]
    assert ranking.ranked_ids(matches, plan_for("reward")) == [2, 1, 3]


def test_tier_comes_before_score_and_date_breaks_ties():
    older, newer = dt.date(2023, 1, 1), dt.date(2025, 1, 1)
    matches = [
        Match(1, tier=1, published=newer, text="reward reward reward"),
        Match(2, tier=0, published=older, text="a long key point that names the reward once"),
        Match(3, tier=0, published=newer, text="a long key point that names the reward once"),
    ]
    assert ranking.ranked_ids(matches, plan_for("reward")) == [3, 2, 1]
