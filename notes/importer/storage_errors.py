"""Recognising a database that cannot grow: SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100).

When the disk (or SQLite's max_page_count) is exhausted, every later write fails the same way, so the
importer stops at the first such error and says so in one sentence instead of a traceback per file.
"""

from __future__ import annotations

SQLITE_FULL = 13
POSTGRES_DISK_FULL = "53100"
_SQLITE_MESSAGE = "database or disk is full"


def is_storage_full(error: BaseException) -> bool:
    """Whether ``error`` (a Django DatabaseError or the driver's own) says the storage is full."""
    for candidate in (error, error.__cause__):
        if candidate is None:
            continue
        if getattr(candidate, "sqlite_errorcode", None) == SQLITE_FULL:
            return True
        if getattr(candidate, "sqlstate", None) == POSTGRES_DISK_FULL:
            return True
        if _SQLITE_MESSAGE in str(candidate) or "No space left on device" in str(candidate):
            return True
    return False


def storage_full_sentence(name: str) -> str:
    """The one sentence a file gets when the database could not hold it."""
    return f"{name}: could not be imported: the database or disk is full, so nothing of it was written."


def stopped_sentence(name: str) -> str:
    """The sentence for each file after that: not tried, since the storage is still full."""
    return f"{name}: not imported: the import stopped because the database or disk is full."
