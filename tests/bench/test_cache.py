"""scripts/bench_cache.py: which cached corpus can be carried forward, and carrying one forward."""

import json
import re
import sqlite3
from contextlib import closing

import bench_cache
import pytest
from bench_corpus import GENERATOR_VERSION

CLAIMS, SEED = 500, 7


def fake_corpus(cache_dir, key, migrations, generator=GENERATOR_VERSION, template=True):
    manifest = {"generator": generator, "claims": CLAIMS, "seed": SEED, "migrations": migrations}
    (cache_dir / f"corpus-{key}.json").write_text(json.dumps(manifest))
    if template:
        (cache_dir / f"corpus-{key}.sqlite3").write_bytes(b"")


def candidate(cache_dir):
    return bench_cache._forward_candidate("sqlite", CLAIMS, SEED, cache_dir, "")


def notes_migrations(migrations):
    return sorted(name for name in migrations if re.match(r"notes/migrations/\d{4}_", name))


def without_newest(migrations):
    newest = notes_migrations(migrations)[-1]
    return {name: digest for name, digest in migrations.items() if name != newest}


def test_a_corpus_missing_only_new_migrations_is_carried_forward(tmp_path):
    current = bench_cache.migration_digests()
    fake_corpus(tmp_path, f"{CLAIMS}-{SEED}-older", without_newest(current))
    assert candidate(tmp_path) == f"{CLAIMS}-{SEED}-older"


def test_the_corpus_with_the_most_migrations_applied_wins(tmp_path):
    current = bench_cache.migration_digests()
    fewer = without_newest(without_newest(current))
    fake_corpus(tmp_path, f"{CLAIMS}-{SEED}-oldest", fewer)
    fake_corpus(tmp_path, f"{CLAIMS}-{SEED}-older", without_newest(current))
    assert candidate(tmp_path) == f"{CLAIMS}-{SEED}-older"


@pytest.mark.parametrize(
    "change",
    ["edited migration", "removed migration", "other generator", "no template", "other size"],
)
def test_a_corpus_migrate_cannot_carry_is_not_used(tmp_path, change):
    migrations = without_newest(bench_cache.migration_digests())
    generator, template, claims = GENERATOR_VERSION, True, CLAIMS
    if change == "edited migration":
        migrations[next(iter(migrations))] = "0" * 64
    elif change == "removed migration":
        migrations["notes/migrations/0003_gone.py"] = "0" * 64
    elif change == "other generator":
        generator = f"{GENERATOR_VERSION}-other"
    elif change == "no template":
        template = False
    key = f"{claims if change != 'other size' else CLAIMS + 1}-{SEED}-older"
    fake_corpus(tmp_path, key, migrations, generator=generator, template=template)
    assert candidate(tmp_path) is None


def applied_migrations(path):
    with closing(sqlite3.connect(path)) as db:
        return {
            f"{app}/{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
        }


def test_carrying_forward_applies_the_new_migrations(tmp_path):
    """A real SQLite corpus one migration behind becomes today's template (migrate, ANALYZE)."""
    current = bench_cache.migration_digests()
    older = without_newest(current)
    newest = notes_migrations(current)[-1].rsplit("/", 1)[1].removesuffix(".py")
    previous = notes_migrations(older)[-1].rsplit("/", 1)[1].removesuffix(".py")
    build = bench_cache.Corpus("sqlite", tmp_path / "old")
    build.folder.mkdir()
    build.manage("migrate", "notes", previous, "--no-input", "-v", "0")
    cache = tmp_path / "cache"
    cache.mkdir()
    build.sqlite_path.rename(cache / f"corpus-{CLAIMS}-{SEED}-older.sqlite3")
    fake_corpus(cache, f"{CLAIMS}-{SEED}-older", older, template=False)

    phases = bench_cache.ensure_template("sqlite", CLAIMS, SEED, cache, report=lambda line: None)

    key = bench_cache.corpus_key(CLAIMS, SEED)
    assert phases["carried_from"] == f"{CLAIMS}-{SEED}-older"
    assert f"notes/{newest}" in applied_migrations(cache / f"corpus-{key}.sqlite3")
    manifest = json.loads((cache / f"corpus-{key}.json").read_text())
    assert manifest["migrations"] == current
    with closing(sqlite3.connect(cache / f"corpus-{key}.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
