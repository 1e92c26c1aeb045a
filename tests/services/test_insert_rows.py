"""insert_rows: one multi-row INSERT (UNNEST on PostgreSQL) per model, ids given back in order,
every field written as the ORM would write it, and nothing left behind when the transaction fails.

Runs on whichever database the suite is configured for (SQLite, or PostgreSQL with DATABASE_URL).
"""

import pytest
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext

import notes.services.insert_rows as insert_module
from notes.models import Claim, Section, TaggedTalk, TalkCount
from notes.services.insert_rows import insert_rows
from tests.factories import SummaryFactory, TagFactory, TalkFactory

pytestmark = pytest.mark.django_db


def sections(summary, count, start=0):
    return [
        Section(summary=summary, position=start + n, heading=f"Part {start + n}", level=2)
        for n in range(count)
    ]


def test_ids_come_back_in_order_in_one_statement():
    from django.db import connection

    summary = SummaryFactory()
    rows = sections(summary, 12)
    with CaptureQueriesContext(connection) as queries:
        insert_rows(rows)

    assert len(queries) == 1
    assert all(row.pk is not None and not row._state.adding for row in rows)
    stored = dict(Section.objects.filter(summary=summary).values_list("pk", "heading"))
    assert {row.pk: row.heading for row in rows} == stored


def test_sqlite_chunks_stay_under_the_variable_limit(monkeypatch):
    summary = SummaryFactory()
    monkeypatch.setattr(insert_module, "_max_params", lambda: 14)  # two rows of 7 columns
    rows = sections(summary, 7)
    insert_rows(rows)

    stored = dict(Section.objects.filter(summary=summary).values_list("pk", "position"))
    assert {row.pk: row.position for row in rows} == stored
    assert len(stored) == 7


def test_fields_are_written_as_the_orm_writes_them():
    summary = SummaryFactory()
    claim = Claim(
        talk=summary.talk,
        summary=summary,
        text="Models generalize worse than people.",
        language="en",
        kind="key_point",
        position=3,
        curated_fields=["text", "tags"],  # JSON
    )
    insert_rows([claim])

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.curated_fields == ["text", "tags"]
    assert stored.created is not None and stored.created == claim.created  # auto_now_add stamped
    assert (stored.text, stored.position, stored.speaker_id) == (claim.text, 3, None)
    assert stored.status == Claim.Status.IMPORTED  # the model's default


def test_a_model_keyed_by_its_talk_gets_no_returning_clause():
    talks = [TalkFactory(), TalkFactory()]
    insert_rows([TalkCount(talk=talk, claims=n + 4) for n, talk in enumerate(talks)])

    assert dict(TalkCount.objects.values_list("talk_id", "claims")) == {
        talks[0].pk: 4,
        talks[1].pk: 5,
    }


def test_a_failing_insert_leaves_nothing_of_the_transaction():
    summary, tag = SummaryFactory(), TagFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(sections(summary, 3))
        twice = [TaggedTalk(content_object=summary.talk, tag=tag) for _ in range(2)]
        insert_rows(twice, returning=False)  # the unique (talk, tag) constraint fails

    assert not Section.objects.filter(summary=summary).exists()
    assert not TaggedTalk.objects.exists()


def test_nothing_to_insert_runs_no_query():
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        insert_rows([])
    assert len(queries) == 0
