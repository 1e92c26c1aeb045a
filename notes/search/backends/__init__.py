"""One search backend per database vendor, picked from ``connection.vendor``."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .base import Match, Scope, SearchBackend
from .postgres import PostgresBackend
from .sqlite import SqliteBackend

_BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SqliteBackend,
    "postgresql": PostgresBackend,
}

__all__ = ["Match", "Scope", "SearchBackend", "get_backend"]


def get_backend() -> SearchBackend:
    """The backend for the default database; ImproperlyConfigured for an unsupported vendor."""
    backend = _BACKENDS.get(connection.vendor)
    if backend is None:
        raise ImproperlyConfigured(
            f"Search works on SQLite and PostgreSQL; this database is {connection.vendor}."
        )
    return backend()
