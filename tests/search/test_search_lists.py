"""Lists without words (notes/search/plain.py) and speaker names in queries (filters.py).

On PostgreSQL the public lists of one speaker, one tag or nothing take their total from the
counter rows and read only the page: the capped count is the fallback for a list no counter row
knows, evaluated only then. A speaker's page is read along the (speaker, id) index.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notes.models import SpeakerCount, TagCount, TaggedClaim
from notes.search import rebuild_index, search_claims
from notes.services.counters import recount_all
from tests.factories import ClaimFactory, SpeakerFactory, TagFactory
from tests.search.test_search_plans import indexed, search_plans  # noqa: F401
from tests.site.test_query_plans import analyzed  # noqa: F401

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="lists without words read notes_claim on PostgreSQL"
)


def listing_sql(query: str) -> str:
    """The statement of a search that counts and lists (the one reading notes_claim's ids)."""
    with CaptureQueriesContext(connection) as captured:
        search_claims(query)
    statements = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(statements) == 1, statements
    return statements[0]


@pytest.fixture
def counted(db):
    speaker = SpeakerFactory(name="Counted Person")
    tag = TagFactory(slug="counted-tag")
    claims = [ClaimFactory(text=f"Point {n}.", speaker=speaker) for n in range(3)]
    for claim in claims:
        TaggedClaim.objects.create(content_object=claim, tag=tag)
    ClaimFactory(text="Someone else's point.")
    recount_all()
    return speaker, tag, claims


@postgres_only
def test_counted_lists_take_their_total_from_the_counter_row(counted):
    speaker, tag, claims = counted
    newest = [claim.id for claim in reversed(claims)]
    assert search_claims('speaker:"Counted Person"').total == 3
    assert [hit.claim.id for hit in search_claims("#counted-tag").hits] == newest
    assert search_claims("").total == 4
    # What is read is the counter (the services keep it current in the claim's transaction).
    SpeakerCount.objects.filter(speaker=speaker).update(claims=2)
    assert search_claims('speaker:"Counted Person"').total == 2
    TagCount.objects.filter(tag=tag).update(claims=5000)
    page = search_claims("#counted-tag")
    assert (page.total, page.total_is_capped) == (1000, True)
    assert [hit.claim.id for hit in page.hits] == newest


@postgres_only
def test_without_a_counter_row_the_list_is_counted(counted):
    speaker, tag, _claims = counted
    SpeakerCount.objects.filter(speaker=speaker).delete()
    TagCount.objects.filter(tag=tag).delete()
    assert search_claims('speaker:"Counted Person"').total == 3
    assert search_claims("#counted-tag").total == 3
    # Narrower than one filter: no counter applies, the capped count does.
    assert search_claims('speaker:"Counted Person" lang:en').total == 3


@postgres_only
def test_the_capped_count_is_not_run_when_the_counter_row_answers(counted):
    sql = listing_sql('speaker:"Counted Person"')
    assert "notes_speakercount" in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The COALESCE's second InitPlan (the capped count) never runs.
    assert "never executed" in plan.split("InitPlan 2")[1].splitlines()[1]


@postgres_only
def test_a_speaker_list_reads_the_speakers_newest_claims_by_index(indexed):  # noqa: F811
    plans = [plan for sql, plan in search_plans("speaker:plan-0") if "notes_speakercount" in sql]
    assert len(plans) == 1
    assert "Index Scan Backward using claim_speaker_newest" in plans[0]


def test_a_speaker_is_found_by_slug_whole_name_or_one_word_among_like_names(db):
    people = [SpeakerFactory(name=f"Bench Person {n}", slug=f"bench-person-{n}") for n in range(12)]
    named = SpeakerFactory(name="Ada Lovelace")
    for speaker in [*people, named]:
        ClaimFactory(text=f"A point by {speaker.name}.", speaker=speaker)

    def speakers(query: str) -> set[str]:
        return {hit.claim.speaker.name for hit in search_claims(query).hits}

    rebuild_index()
    assert speakers("speaker:bench-person-7") == {"Bench Person 7"}
    assert speakers('speaker:"bench person 11"') == {"Bench Person 11"}
    assert speakers("speaker:person") == {person.name for person in people}
    assert speakers("speaker:lovelace") == {"Ada Lovelace"}
    assert speakers("speaker:love") == set()  # a word matches whole, not as a start
