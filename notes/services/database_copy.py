"""Byte-level copies of the database: SQLite through its online backup API, PostgreSQL through pg_dump.

Both are safe while the server runs: SQLite's backup API copies a consistent snapshot page by page,
and pg_dump reads one snapshot in a single transaction. Restoring replaces the whole database
(schema, rows, users, sessions) in one step: SQLite's backup API writes the copy over the open
database; for PostgreSQL, the public schema is dropped and the dump replayed by psql in a single
transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_FILE = "kb.sqlite3"
POSTGRES_FILE = "kb.pgdump"


class CopyError(Exception):
    """A byte-level copy or restore failed; the message is one sentence for the user."""


def database_kind() -> str:
    """ "sqlite" or "postgresql": which byte-level copy this database makes."""
    return connection.vendor


def copy_file_name(kind: str) -> str:
    return {"sqlite": SQLITE_FILE, "postgresql": POSTGRES_FILE}[kind]


def write_copy(folder: Path) -> Path:
    """Write the byte-level copy of the current database into ``folder``; returns its path."""
    target = folder / copy_file_name(database_kind())
    if database_kind() == "sqlite":
        _sqlite_backup(target)
    else:
        _run([postgres_tool("pg_dump"), "--format=custom", f"--file={target}"], _pg_env())
    return target


def restore_copy(source: Path) -> None:
    """Replace the current database with the byte-level copy at ``source``."""
    if database_kind() == "sqlite":
        _sqlite_restore(source)
    else:
        _postgres_restore(source)


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with destination:
            connection.connection.backup(destination)
        # The copy inherits the live database's WAL mode; a single self-contained file is the
        # backup (no -wal/-shm beside it), and it opens read-only for a restore.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(connection.connection)
    except sqlite3.Error as error:
        raise CopyError(f"{source}: SQLite could not read the copy ({error}).") from None
    finally:
        origin.close()


def _postgres_restore(source: Path) -> None:
    script = _run(
        [postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
        _pg_env(),
    )
    replace = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n" + script
    connection.close()  # psql's DROP SCHEMA must not wait on this process's own session
    _run(
        [postgres_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"],
        _pg_env(),
        stdin=replace,
    )


def postgres_tool(name: str) -> str:
    """Path of a PostgreSQL client program: the newest /usr/lib/postgresql/*/bin (as .ci/run finds
    it), else the one on PATH. A newer pg_dump reads older servers; an older one refuses newer."""

    def version(path: str) -> tuple[int, ...]:
        number = Path(path).parent.parent.name
        return tuple(int(part) for part in number.split(".") if part.isdigit())

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise CopyError(f"{name} is not installed (install the postgresql client package).")
    return on_path


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if settings.get(key):
            env[variable] = str(settings[key])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(command, env=env, input=stdin, capture_output=True, check=False)
    except OSError as error:
        raise CopyError(f"{command[0]} could not start ({error.strerror}).") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise CopyError(f"{Path(command[0]).name} failed: {lines[0][:300]}")
    return done.stdout
