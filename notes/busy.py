"""A database too busy to answer in time: how to recognise it, and how to retry a short unit of work.

On SQLite a writer waits up to the busy timeout (30 s, kb/env.py) for another writer's lock and then
fails with "database is locked"; on PostgreSQL the same wait ends as a deadlock, a lock timeout or
a serialization failure. None of these is the importer's or the curator's fault, so a file's import
is retried a few times with a growing pause, and what still fails is reported as one sentence.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, IntegrityError, OperationalError

T = TypeVar("T")

# SQLSTATEs for "try again": deadlock detected, lock not available, serialization failure.
BUSY_SQLSTATES = {"40P01", "55P03", "40001"}
RETRY_DELAYS = (0.5, 1.0, 2.0)  # seconds before the 2nd, 3rd and 4th attempts


def is_busy_error(error: BaseException) -> bool:
    """Whether ``error`` means "another writer holds the lock; try again later"."""
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    if "database is locked" in text or "database table is locked" in text:
        return True
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in BUSY_SQLSTATES or (
        getattr(cause, "pgcode", None) in BUSY_SQLSTATES
    )


def is_write_conflict(error: BaseException) -> bool:
    """Whether ``error`` is a unique key another transaction took first (PostgreSQL, READ COMMITTED).

    Two importers that both find no speaker, tag or talk called X both insert it; the later insert
    fails with a unique violation (SQLSTATE 23505). Run again, the transaction finds the row the other
    committed. SQLite never races this way: its IMMEDIATE transactions write one at a time.
    """
    if not isinstance(error, IntegrityError):
        return False
    cause = error.__cause__
    return "23505" in (getattr(cause, "sqlstate", None), getattr(cause, "pgcode", None))


def is_busy_or_conflict(error: BaseException) -> bool:
    """A busy database or a lost insert race: both end well when the whole transaction runs again."""
    return is_busy_error(error) or is_write_conflict(error)


def retry_when_busy(
    work: Callable[[], T],
    delays: tuple[float, ...] = RETRY_DELAYS,
    sleep: Callable[[float], None] | None = None,
    retry_on: Callable[[BaseException], bool] = is_busy_error,
) -> T:
    """Run ``work()``; while it fails because the database is busy, wait and run it again.

    ``work`` must be a whole transaction (nothing half-done survives a failed attempt). After the
    last delay the busy error is raised for the caller to turn into its sentence. ``retry_on``
    widens what is retried (``is_busy_or_conflict`` for a whole file's import).
    """
    for delay in delays:
        try:
            return work()
        except DatabaseError as error:
            if not retry_on(error):
                raise
        (sleep or time.sleep)(delay)
    return work()


def busy_sentence(name: str = "") -> str:
    """The one sentence a person gets when the database stayed busy."""
    if name:
        return f"{name}: the database was busy; try again."
    return "The database was busy with another change; please try again in a moment."
