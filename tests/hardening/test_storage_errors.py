"""Recognising a full database: SQLite's SQLITE_FULL and PostgreSQL's disk_full, not other errors."""

import sqlite3

from django.db import OperationalError

from notes.importer.storage_errors import is_storage_full


def sqlite_full_error() -> sqlite3.OperationalError:
    """A real SQLITE_FULL: an in-memory database capped at its current size, then written to."""
    connection = sqlite3.connect(":memory:")
    connection.execute("create table t (x text)")
    pages = connection.execute("pragma page_count").fetchone()[0]
    connection.execute(f"pragma max_page_count = {pages}")
    try:
        connection.execute("insert into t values (?)", ("x" * 100_000,))
    except sqlite3.OperationalError as error:
        return error
    finally:
        connection.close()
    raise AssertionError("the capped database took the row")


class FakePostgresError(Exception):
    def __init__(self, sqlstate):
        super().__init__("could not extend file")
        self.sqlstate = sqlstate


def wrapped(cause: Exception) -> OperationalError:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def test_sqlite_full_is_recognised_raw_and_as_django_wraps_it():
    cause = sqlite_full_error()
    assert is_storage_full(cause)
    assert is_storage_full(wrapped(cause))


def test_postgres_disk_full_is_recognised_by_its_sqlstate():
    assert is_storage_full(wrapped(FakePostgresError("53100")))
    assert not is_storage_full(wrapped(FakePostgresError("40P01")))  # a deadlock is not a full disk


def test_other_database_errors_are_not_full():
    assert not is_storage_full(wrapped(sqlite3.OperationalError("database is locked")))
    assert not is_storage_full(ValueError("no such table"))
