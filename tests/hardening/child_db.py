"""Throwaway databases for drills that run kb in child processes (imports, servers, readers).

A drill's children must share one real database that outlives each of them, so these are not the
test database pytest-django gives: a SQLite file in a temporary folder, or (when DATABASE_URL is set)
a PostgreSQL database created beside the configured one and dropped afterwards. Each is migrated once;
``clone()`` copies a migrated one cheaply (file copy / ``CREATE DATABASE … TEMPLATE``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[2]


class ChildDatabase:
    """One database and the environment a child process needs to use it."""

    def __init__(self, vendor: str, folder: Path, url: str = ""):
        self.vendor = vendor
        self.folder = folder  # SQLite's file lives here; children's scratch files too
        self.url = url

    @property
    def sqlite_path(self) -> Path:
        return self.folder / "kb.sqlite3"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(
            os.environ, DJANGO_SETTINGS_MODULE="kb.settings_test", KB_DATA_DIR=str(self.folder)
        )
        env.pop("DATABASE_URL", None)
        if self.vendor == "postgresql":
            env["DATABASE_URL"] = self.url
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 600, check: bool = True):
        """Run ``manage.py ARGS`` to completion; returns the CompletedProcess (text)."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done

    def popen(self, *args: str, env_extra: dict | None = None, **kwargs) -> subprocess.Popen:
        """Start ``manage.py ARGS`` (or ``python -m …`` when args start with "-m")."""
        command = (
            [sys.executable, *args] if args[0] == "-m" else [sys.executable, "manage.py", *args]
        )
        return subprocess.Popen(command, cwd=PROJECT, env=self.env(**(env_extra or {})), **kwargs)

    def export(self) -> bytes:
        """The kb export as bytes (what `manage.py export_kb` prints)."""
        path = self.folder / f"export-{secrets.token_hex(4)}.json"
        self.manage("export_kb", "--output", str(path))
        data = path.read_bytes()
        path.unlink()
        return data

    def query(self, sql: str) -> list[tuple]:
        """Rows of one read-only SQL statement, read directly (no Django child to start)."""
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.sqlite_path, timeout=30)) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(sql).fetchall()

    def inspect(self) -> dict:
        """Per file its summaries' claim counts, the import log per file, run statuses, orphan talks."""
        summaries: dict[str, list[int]] = {}
        for name, claims in self.query(_SUMMARY_CLAIMS):
            summaries.setdefault(name, []).append(claims)
        log: dict[str, list[str]] = {}
        for name, outcome in self.query("select name, outcome from notes_importfile order by id"):
            log.setdefault(name, []).append(outcome)
        runs = [row[0] for row in self.query("select status from notes_importrun order by id")]
        orphans = self.query(_ORPHAN_TALKS)[0][0]
        return {"summaries": summaries, "log": log, "runs": runs, "orphan_talks": orphans}

    def integrity(self) -> str:
        """``PRAGMA integrity_check`` on SQLite ("ok" when sound); on PostgreSQL, amcheck is not
        installed by default, so a catalogue-wide consistency query stands in: every row counted."""
        if self.vendor == "sqlite":
            return self.query("PRAGMA integrity_check")[0][0]
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "select tablename from pg_tables where schemaname = 'public'"
                )
            ]
            for table in tables:
                connection.execute(f'select count(*) from "{table}"')
        return "ok"

    def clone(self) -> ChildDatabase:
        """A copy of this (idle) database."""
        folder = Path(tempfile.mkdtemp(prefix="kb-drill-"))
        if self.vendor == "sqlite":
            shutil.copy(self.sqlite_path, folder / "kb.sqlite3")
            return ChildDatabase("sqlite", folder)
        name = f"{_database_name(self.url)}_c{secrets.token_hex(3)}"
        _postgres_admin(self.url, f'CREATE DATABASE "{name}" TEMPLATE "{_database_name(self.url)}"')
        return ChildDatabase("postgresql", folder, _with_database(self.url, name))

    def drop(self) -> None:
        if self.vendor == "postgresql":
            _postgres_admin(
                self.url, f'DROP DATABASE IF EXISTS "{_database_name(self.url)}" WITH (FORCE)'
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def create_database(vendor: str) -> ChildDatabase:
    """A new, migrated database on ``vendor`` ("sqlite", or "postgresql" beside DATABASE_URL)."""
    folder = Path(tempfile.mkdtemp(prefix="kb-drill-"))
    if vendor == "sqlite":
        database = ChildDatabase("sqlite", folder)
    else:
        base = os.environ["DATABASE_URL"]
        name = f"{_database_name(base)}_drill_{secrets.token_hex(3)}"
        _postgres_admin(base, f'CREATE DATABASE "{name}"')
        database = ChildDatabase("postgresql", folder, _with_database(base, name))
    try:
        database.manage("migrate", "--no-input", "-v", "0")
    except BaseException:
        database.drop()
        raise
    return database


def vendors() -> list[str]:
    """SQLite always; PostgreSQL too when DATABASE_URL is set."""
    return ["sqlite", "postgresql"] if os.environ.get("DATABASE_URL") else ["sqlite"]


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


_SUMMARY_CLAIMS = """
select s.source_name, count(c.id) from notes_summary s
left join notes_claim c on c.summary_id = s.id group by s.id, s.source_name
"""
_ORPHAN_TALKS = """
select count(*) from notes_talk t
where not exists (select 1 from notes_summary s where s.talk_id = t.id)
"""
