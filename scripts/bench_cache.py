"""The cache of benchmark corpora: templates keyed by (claims, seed, generator, migration state).

Used by the parent processes (bench.py, load_test.py, bench_corpus.py --cache-dir) without Django set
up; each build runs scripts/bench_corpus.py in a child with its own settings. A SQLite corpus is a file
``corpus-<key>.sqlite3`` in the cache folder; a PostgreSQL one a database ``kb_bench_tpl_<key>`` named by
a marker file ``corpus-<key>.pg`` there. Runs measure a copy (``working_copy``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_corpus import GENERATOR_VERSION, PROJECT

BUILD_SCRIPT = PROJECT / "scripts" / "bench_corpus.py"


def migration_state() -> str:
    """A digest of every migration file of the project (the schema the corpus was built for)."""
    digest = hashlib.sha256()
    for path in sorted(PROJECT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(PROJECT)).encode() + path.read_bytes())
    return digest.hexdigest()


def corpus_key(claims: int, seed: int) -> str:
    source = json.dumps([GENERATOR_VERSION, claims, seed, migration_state()])
    return f"{claims}-{seed}-" + hashlib.sha256(source.encode()).hexdigest()[:10]


class Corpus:
    """A database holding a corpus, as a child process sees it (KB_DATA_DIR or DATABASE_URL)."""

    def __init__(self, vendor: str, folder: Path, url: str = ""):
        self.vendor, self.folder, self.url = vendor, Path(folder), url

    @property
    def sqlite_path(self) -> Path:
        return self.folder / "kb.sqlite3"

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ, KB_DATA_DIR=str(self.folder), DJANGO_SETTINGS_MODULE="kb.settings")
        env.setdefault("DEBUG", "1")
        env.pop("DATABASE_URL", None)
        if self.vendor == "postgresql":
            env["DATABASE_URL"] = self.url
        env.update(extra)
        return env

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=self.env(),
                       check=True)  # fmt: skip

    def drop(self) -> None:
        if self.vendor == "postgresql":
            postgres_admin(self.url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def postgres_admin(url: str, statement: str) -> list[tuple]:
    """Run one statement on the server's ``postgres`` database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def _template_exists(vendor: str, cache_dir: Path, key: str, base_url: str) -> bool:
    if vendor == "sqlite":
        return (cache_dir / f"corpus-{key}.sqlite3").exists()
    marker = cache_dir / f"corpus-{key}.pg"
    name = f"kb_bench_tpl_{key.replace('-', '_')}"
    found = postgres_admin(base_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    return marker.exists() and bool(found)


def ensure_template(vendor: str, claims: int, seed: int, cache_dir: Path, report=print) -> dict:
    """Build the corpus as a cached template unless one is there; returns what the build took."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = corpus_key(claims, seed)
    base_url = os.environ.get("DATABASE_URL", "")
    if _template_exists(vendor, cache_dir, key, base_url):
        report(f"[{vendor}] {claims:,} claims: cached corpus {key}")
        return {"cached": True}
    report(f"[{vendor}] {claims:,} claims: building corpus {key} (one heavy build at a time)")
    started = time.perf_counter()
    if vendor == "sqlite":
        corpus = Corpus("sqlite", cache_dir / f"build-{key}")
        corpus.folder.mkdir(exist_ok=True)
        corpus.drop()
    else:
        corpus = Corpus(
            "postgresql", cache_dir, with_database(base_url, f"kb_bench_build_{os.getpid()}")
        )
        postgres_admin(base_url, f'DROP DATABASE IF EXISTS "{corpus.name}" WITH (FORCE)')
        postgres_admin(base_url, f'CREATE DATABASE "{corpus.name}"')
    try:
        corpus.manage("migrate", "--no-input", "-v", "0")
        migrated = time.perf_counter() - started
        phases = {"migrate": round(migrated, 1), **_build_in_child(corpus, claims, seed)}
        if vendor == "sqlite":
            with closing(sqlite3.connect(corpus.sqlite_path)) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.move(corpus.sqlite_path, cache_dir / f"corpus-{key}.sqlite3")
            shutil.rmtree(corpus.folder, ignore_errors=True)
        else:
            name = f"kb_bench_tpl_{key.replace('-', '_')}"
            postgres_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            postgres_admin(base_url, f'ALTER DATABASE "{corpus.name}" RENAME TO "{name}"')
            (cache_dir / f"corpus-{key}.pg").write_text(with_database(base_url, name) + "\n")
    except BaseException:
        corpus.drop()
        raise
    phases["total"] = round(time.perf_counter() - started, 1)
    report(f"[{vendor}] corpus {key} built in {phases['total']:.1f} s: {phases}")
    return phases


def _build_in_child(corpus: Corpus, claims: int, seed: int) -> dict:
    """Run this script's build in ``corpus``'s database, echoing its lines; its phases (JSON)."""
    command = [
        sys.executable,
        str(BUILD_SCRIPT),
        "--claims",
        str(claims),
        "--seed",
        str(seed),
        "--json",
    ]
    with subprocess.Popen(command, cwd=PROJECT, env=corpus.env(), stdout=subprocess.PIPE,
                          text=True) as child:  # fmt: skip
        lines = []
        for line in child.stdout:
            lines.append(line)
            if not line.startswith("{"):
                print(line, end="", flush=True)
    if child.returncode != 0:
        raise SystemExit(f"Building the corpus failed (exit {child.returncode}).")
    return json.loads(lines[-1])


def working_copy(vendor: str, claims: int, seed: int, cache_dir: Path, folder: Path) -> Corpus:
    """A fresh copy of the cached template (built first if missing) to measure on."""
    key = corpus_key(claims, seed)
    folder.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        corpus = Corpus("sqlite", folder)
        corpus.drop()
        shutil.copyfile(cache_dir / f"corpus-{key}.sqlite3", corpus.sqlite_path)
        return corpus
    base_url = os.environ["DATABASE_URL"]
    template = f"kb_bench_tpl_{key.replace('-', '_')}"
    # Named after the server database DATABASE_URL names, so that runs from two checkouts (two
    # databases) never drop each other's copy.
    run_name = f"kb_bench_run_{urlsplit(base_url).path.lstrip('/') or 'default'}"
    corpus = Corpus("postgresql", folder, with_database(base_url, run_name))
    corpus.drop()
    postgres_admin(
        base_url, f'CREATE DATABASE "{corpus.name}" TEMPLATE "{template}" STRATEGY FILE_COPY'
    )
    return corpus
