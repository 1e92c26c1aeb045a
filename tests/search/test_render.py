"""Each backend's rendering of a match plan (pure: no database needed)."""

from notes.search.backends.postgres import PostgresBackend, tsvector_literal
from notes.search.backends.sqlite import SqliteBackend
from notes.search.documents import ClaimDocument
from notes.search.plan import build_plan
from notes.search.query_parser import parse_query


def plan_for(text, tag_groups=(), speaker_ids=None, **scope):
    return build_plan(
        parse_query(text), tag_groups=list(tag_groups), speaker_ids=speaker_ids, **scope
    )


def test_sqlite_phrases_prefixes_filters_and_exclusions():
    plan = plan_for('泛化能力 熵 generaliz "key point" -robot lang:zh', [[3]], [7, 8])
    assert SqliteBackend().render(plan) == (
        '({body extra} : "泛化 化能 能力" AND {body extra} : "熵"* AND '
        '{body extra} : "generaliz"* AND {body extra} : "key point" AND meta : "tag3" AND '
        '(meta : "spk7" OR meta : "spk8") AND (meta : "langzh")) '
        'NOT ({body extra} : "robot"*)'
    )


def test_postgres_phrases_prefixes_filters_and_exclusions():
    plan = plan_for('泛化能力 熵 generaliz "key point" -robot lang:zh', [[3]], [7, 8])
    assert PostgresBackend().render(plan) == (
        "(('泛化' <-> '化能' <-> '能力') & '熵':* & 'generaliz':* & ('key' <-> 'point') & "
        "'~tag3' & ('~spk7' | '~spk8') & ('~langzh')) & !('robot':*)"
    )


def test_nothing_to_match_means_every_row():
    assert SqliteBackend().render(plan_for("")) == 'meta : "all"'
    assert PostgresBackend().render(plan_for("")) == "'~all'"
    assert SqliteBackend().render(plan_for("-x")) == '(meta : "all") NOT ({body extra} : "x")'


def test_talk_scope_is_a_token():
    plan = plan_for("", talk_id=9)
    assert SqliteBackend().render(plan) == 'meta : "talk9"'


def test_a_tag_naming_two_tags_matches_either():
    assert SqliteBackend().render(plan_for("", [[1, 2]])) == '(meta : "tag1" OR meta : "tag2")'


def test_a_filter_resolving_to_nothing_makes_the_plan_impossible():
    assert plan_for("x", [[]]).impossible
    assert plan_for("x", speaker_ids=[]).impossible
    assert not plan_for("x").impossible


def test_tsvector_literal_positions_weights_and_filters():
    document = ClaimDocument(
        claim_id=1,
        body=["泛化", "化", "ai", "泛化"],
        extra=["ilya"],
        meta=["all", "tag3"],
        public=True,
    )
    assert tsvector_literal(document) == ("'泛化':2A,5A '化':3A 'ai':4A 'ilya':7C '~all' '~tag3'")
