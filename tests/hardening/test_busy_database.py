"""A database busy with another writer: retried, then one sentence — never a traceback."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import RequestFactory
from django.urls import reverse

from notes import busy
from notes.importer import pipeline
from notes.importer.persist import PersistContext
from notes.importer.types import SourceFile
from notes.middleware import DatabaseBusyMiddleware
from notes.models import Tag, Talk
from tests.factories import ClaimFactory

NOTE = b"# Soil Biology\n\n- Fungi move water between roots.\n- Worms aerate the soil.\n"


@pytest.fixture
def locked_sqlite(tmp_path, django_db_blocker):
    """A temp SQLite file whose write lock another connection holds (the test may commit it)."""
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE note (text TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO note VALUES ('held')")
    with django_db_blocker.unblock():  # a connection of the test's own, not kb's test database
        yield path, holder
    holder.close()


def writer_to(path):
    """A Django connection to ``path`` that gives up on a lock after 50 ms, as kb's would after 20 s."""
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"timeout": 0.05, "transaction_mode": "IMMEDIATE"},
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias="busy-test",
    )

    def write():
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('mine')")
        return "written"

    return wrapper, write


def test_a_write_waits_out_a_lock_held_by_another_connection(locked_sqlite):
    path, holder = locked_sqlite
    wrapper, write = writer_to(path)
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) == 2:
            holder.execute("COMMIT")  # the other writer finishes during the second pause

    try:
        assert busy.retry_when_busy(write, sleep=sleep) == "written"
    finally:
        wrapper.close()
    assert pauses == [0.5, 1.0]
    assert sqlite3.connect(path).execute("SELECT count(*) FROM note").fetchone() == (2,)


def test_a_lock_that_outlasts_every_retry_raises_a_busy_error(locked_sqlite):
    path, _holder = locked_sqlite
    wrapper, write = writer_to(path)
    pauses = []

    try:
        with pytest.raises(OperationalError) as raised:
            busy.retry_when_busy(write, sleep=pauses.append)
    finally:
        wrapper.close()
    assert busy.is_busy_error(raised.value)
    assert pauses == list(busy.RETRY_DELAYS)  # every retry was tried


def test_other_database_errors_are_not_retried():
    calls = []

    def broken():
        calls.append(1)
        raise OperationalError("no such table: note")

    with pytest.raises(OperationalError):
        busy.retry_when_busy(broken, sleep=lambda s: None)
    assert calls == [1]


@pytest.mark.django_db
def test_a_file_retried_after_a_busy_database_imports(monkeypatch):
    real = pipeline._import_in_transaction
    attempts = []

    def busy_once(source, ctx):
        attempts.append(source.name)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        return real(source, ctx)

    monkeypatch.setattr(pipeline, "_import_in_transaction", busy_once)
    monkeypatch.setattr(busy.time, "sleep", lambda seconds: None)

    result = pipeline.import_one(SourceFile("soil.md", NOTE), PersistContext())

    assert result.outcome == "imported" and attempts == ["soil.md", "soil.md"]
    assert Talk.objects.count() == 1


@pytest.mark.django_db
def test_a_file_that_stays_busy_fails_with_one_sentence(monkeypatch):
    def always_busy(source, ctx):
        raise OperationalError("database is locked")

    monkeypatch.setattr(pipeline, "_import_in_transaction", always_busy)
    monkeypatch.setattr(busy.time, "sleep", lambda seconds: None)

    result = pipeline.import_one(SourceFile("soil.md", NOTE), PersistContext())

    assert result.outcome == "failed"
    assert result.message == "soil.md: the database was busy; try again."


@pytest.mark.django_db
def test_the_command_line_reports_a_busy_database_in_one_sentence(monkeypatch, tmp_path):
    from notes.management.commands import import_summaries

    def busy_run(*args, **kwargs):
        raise OperationalError("database is locked")

    (tmp_path / "soil.md").write_bytes(NOTE)
    monkeypatch.setattr(import_summaries, "import_sources", busy_run)

    with pytest.raises(CommandError) as raised:
        call_command("import_summaries", str(tmp_path))
    assert str(raised.value) == busy.busy_sentence()


def test_the_middleware_turns_a_busy_database_into_a_503_sentence():
    middleware = DatabaseBusyMiddleware(lambda request: None)
    request = RequestFactory().post("/admin/notes/claim/1/change/")

    response = middleware.process_exception(request, OperationalError("database is locked"))

    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert busy.busy_sentence() in response.content.decode()
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
    assert middleware.process_exception(request, ValueError("database is locked")) is None


@pytest.mark.django_db
def test_a_curators_save_that_meets_a_lock_gets_the_503_page(admin_client, monkeypatch):
    from notes.admin.claims import ClaimAdmin

    claim = ClaimFactory()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    # With IMMEDIATE transactions the change view's transaction asks for the write lock first,
    # so a lock held past the busy timeout fails right there, before the form is read.
    monkeypatch.setattr(ClaimAdmin, "get_object", locked)
    url = reverse("admin:notes_claim_change", args=[claim.pk])

    page = admin_client.post(url, {"text": "A curator's edit."})

    assert page.status_code == 503
    html = page.content.decode()
    assert busy.busy_sentence() in html and "Traceback" not in html


class _UniqueViolation(Exception):
    sqlstate = "23505"


def _lost_insert_race() -> IntegrityError:
    error = IntegrityError("duplicate key value violates unique constraint")
    error.__cause__ = _UniqueViolation()
    return error


@pytest.mark.django_db
def test_a_file_that_lost_an_insert_race_is_imported_on_its_retry(monkeypatch):
    # PostgreSQL: two importers both find no speaker "X" and both insert it; the later one gets a
    # unique violation. Its whole file runs again and finds the row the other committed.
    real = pipeline._import_in_transaction
    attempts = []

    def raced_once(source, ctx):
        attempts.append(source.name)
        if len(attempts) == 1:
            raise _lost_insert_race()
        return real(source, ctx)

    monkeypatch.setattr(pipeline, "_import_in_transaction", raced_once)
    monkeypatch.setattr(busy.time, "sleep", lambda seconds: None)

    result = pipeline.import_one(SourceFile("soil.md", NOTE), PersistContext())

    assert result.outcome == "imported" and attempts == ["soil.md", "soil.md"]


def test_only_unique_violations_count_as_a_lost_race():
    other = IntegrityError("null value in column")
    other.__cause__ = type("NotNull", (Exception,), {"sqlstate": "23502"})()
    assert busy.is_write_conflict(_lost_insert_race())
    assert not busy.is_write_conflict(other)
    assert not busy.is_write_conflict(OperationalError("database is locked"))
    calls = []

    def broken():
        calls.append(1)
        raise other

    with pytest.raises(IntegrityError):
        busy.retry_when_busy(broken, sleep=lambda s: None, retry_on=busy.is_busy_or_conflict)
    assert calls == [1]


@pytest.mark.django_db
def test_a_real_unique_violation_is_recognised_on_postgresql():
    from django.db import connection, transaction

    Tag.objects.create(name="Unique once", slug="unique-once")
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Tag.objects.create(name="Unique once", slug="unique-once-2")
    # SQLite serialises writers, so it never loses this race; its error carries no SQLSTATE.
    assert busy.is_write_conflict(raised.value) == (connection.vendor == "postgresql")
