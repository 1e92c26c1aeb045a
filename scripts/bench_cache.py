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
    name = _pg_template(key)
    found = postgres_admin(base_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    return marker.exists() and bool(found)


def migration_digests() -> dict[str, str]:
    """Each migration file of the project with a digest of its text."""
    return {
        str(path.relative_to(PROJECT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(PROJECT.glob("*/migrations/*.py"))
    }


def _manifest_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"corpus-{key}.json"


def write_manifest(cache_dir: Path, key: str, claims: int, seed: int) -> None:
    """Record what a cached corpus was built from: generator, size, seed, every migration's digest."""
    manifest = {"generator": GENERATOR_VERSION, "claims": claims, "seed": seed,
                "migrations": migration_digests()}  # fmt: skip
    _manifest_path(cache_dir, key).write_text(json.dumps(manifest, indent=1) + "\n")


def _forward_candidate(vendor: str, claims: int, seed: int, cache_dir: Path, base_url: str):
    """The key of a cached corpus ``migrate`` can carry to today's schema, or None.

    It must come from the same generator, size and seed, and every migration it was built with must
    still be here unchanged (new migrations only, none edited or removed): then migrating it forward
    gives the rows a fresh build would. Of several, the one with the most migrations already applied.
    """
    current = migration_digests()
    best, best_applied = None, -1
    for path in cache_dir.glob(f"corpus-{claims}-{seed}-*.json"):
        manifest = json.loads(path.read_text())
        key = path.name.removeprefix("corpus-").removesuffix(".json")
        if manifest.get("generator") != GENERATOR_VERSION:
            continue
        applied = manifest.get("migrations", {})
        if any(current.get(name) != digest for name, digest in applied.items()):
            continue
        if len(applied) > best_applied and _template_exists(vendor, cache_dir, key, base_url):
            best, best_applied = key, len(applied)
    return best


def _new_corpus(
    vendor: str, cache_dir: Path, key: str, base_url: str, template: str = ""
) -> Corpus:
    """An empty database to build in, or with ``template`` a copy of that cached corpus."""
    if vendor == "sqlite":
        corpus = Corpus("sqlite", cache_dir / f"build-{key}")
        corpus.folder.mkdir(exist_ok=True)
        corpus.drop()
        if template:
            shutil.copyfile(cache_dir / f"corpus-{template}.sqlite3", corpus.sqlite_path)
        return corpus
    corpus = Corpus(
        "postgresql", cache_dir, with_database(base_url, f"kb_bench_build_{os.getpid()}")
    )
    postgres_admin(base_url, f'DROP DATABASE IF EXISTS "{corpus.name}" WITH (FORCE)')
    source = f' TEMPLATE "{_pg_template(template)}" STRATEGY FILE_COPY' if template else ""
    postgres_admin(base_url, f'CREATE DATABASE "{corpus.name}"{source}')
    return corpus


def _pg_template(key: str) -> str:
    return f"kb_bench_tpl_{key.replace('-', '_')}"


def _keep_as_template(
    corpus: Corpus, vendor: str, cache_dir: Path, key: str, base_url: str
) -> None:
    if vendor == "sqlite":
        with closing(sqlite3.connect(corpus.sqlite_path)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(corpus.sqlite_path, cache_dir / f"corpus-{key}.sqlite3")
        shutil.rmtree(corpus.folder, ignore_errors=True)
    else:
        name = _pg_template(key)
        postgres_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        postgres_admin(base_url, f'ALTER DATABASE "{corpus.name}" RENAME TO "{name}"')
        (cache_dir / f"corpus-{key}.pg").write_text(with_database(base_url, name) + "\n")


def _analyze(corpus: Corpus) -> None:
    if corpus.vendor == "sqlite":
        with closing(sqlite3.connect(corpus.sqlite_path)) as db:
            db.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(corpus.url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def ensure_template(vendor: str, claims: int, seed: int, cache_dir: Path, report=print) -> dict:
    """Have today's corpus as a cached template: cached, carried forward, or built; what it took.

    Carrying an older corpus forward (copy, ``migrate``, ``ANALYZE``) takes minutes where a build of a
    million claims takes 20–50; it is used only when that corpus's migrations are all still here
    unchanged (``_forward_candidate``). A migration that adds derived rows fills them itself (as
    0016's counters do), so ``migrate`` alone gives what a user's database gets.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = corpus_key(claims, seed)
    base_url = os.environ.get("DATABASE_URL", "")
    if _template_exists(vendor, cache_dir, key, base_url):
        report(f"[{vendor}] {claims:,} claims: cached corpus {key}")
        return {"cached": True}
    older = _forward_candidate(vendor, claims, seed, cache_dir, base_url)
    if older:
        report(f"[{vendor}] {claims:,} claims: carrying corpus {older} forward to {key}")
    else:
        report(f"[{vendor}] {claims:,} claims: building corpus {key} (one heavy build at a time)")
    started = time.perf_counter()
    corpus = _new_corpus(vendor, cache_dir, key, base_url, template=older or "")
    try:
        corpus.manage("migrate", "--no-input", "-v", "0")
        phases = {"migrate": round(time.perf_counter() - started, 1)}
        if older:
            _analyze(corpus)
            phases["carried_from"] = older
        else:
            phases.update(_build_in_child(corpus, claims, seed))
        _keep_as_template(corpus, vendor, cache_dir, key, base_url)
        write_manifest(cache_dir, key, claims, seed)
    except BaseException:
        corpus.drop()
        raise
    phases["total"] = round(time.perf_counter() - started, 1)
    report(f"[{vendor}] corpus {key} ready in {phases['total']:.1f} s: {phases}")
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
    template = _pg_template(key)
    # Named after the server database DATABASE_URL names, so that runs from two checkouts (two
    # databases) never drop each other's copy.
    run_name = f"kb_bench_run_{urlsplit(base_url).path.lstrip('/') or 'default'}"
    corpus = Corpus("postgresql", folder, with_database(base_url, run_name))
    corpus.drop()
    postgres_admin(
        base_url, f'CREATE DATABASE "{corpus.name}" TEMPLATE "{template}" STRATEGY FILE_COPY'
    )
    return corpus
