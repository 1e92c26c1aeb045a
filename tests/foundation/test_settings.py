"""Settings come from the environment through typed helpers; production refuses to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.env import ImproperlyConfiguredEnv, build_databases, env_bool, env_int, env_list
from kb.pg_cursor import ValueAwareCursor, plans_depend_on_values

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_sqlite_is_the_default_with_wal_busy_timeout_and_immediate_transactions(tmp_path):
    databases = build_databases(env={"KB_DATA_DIR": str(tmp_path)}, base_dir=tmp_path)
    default = databases["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(tmp_path / "kb.sqlite3")
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert default["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


def test_a_sqlite_worker_keeps_its_connection_between_requests(tmp_path):
    # Opening a connection re-reads the schema and the WAL: ~5 ms, more than a cached page costs.
    default = build_databases(env={"KB_DATA_DIR": str(tmp_path)}, base_dir=tmp_path)["default"]
    assert default["CONN_MAX_AGE"] >= 10


def test_relative_data_dir_is_under_the_project(tmp_path):
    default = build_databases(env={"KB_DATA_DIR": "var/db"}, base_dir=tmp_path)["default"]
    assert default["NAME"] == str(tmp_path / "var" / "db" / "kb.sqlite3")


def test_database_url_selects_postgresql():
    url = "postgres://kb%40user:p%3Ass@db.internal:6543/knowledge?sslmode=require"
    default = build_databases(env={"DATABASE_URL": url})["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert (default["NAME"], default["USER"], default["PASSWORD"]) == (
        "knowledge",
        "kb@user",
        "p:ss",
    )
    assert (default["HOST"], default["PORT"]) == ("db.internal", "6543")
    assert default["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c jit=off -c max_parallel_workers_per_gather=0",
        "server_side_binding": True,
        "prepare_threshold": 5,
        "cursor_factory": ValueAwareCursor,
    }


def test_postgresql_connections_run_without_jit_or_parallel_workers():
    options = build_databases(env={"DATABASE_URL": "postgres://localhost/kb"})["default"]["OPTIONS"]
    assert options["options"] == "-c jit=off -c max_parallel_workers_per_gather=0"


def test_a_database_url_may_choose_its_own_server_options():
    url = "postgres://localhost/kb?options=-c%20work_mem%3D64MB"
    default = build_databases(env={"DATABASE_URL": url})["default"]
    assert default["OPTIONS"]["options"] == "-c work_mem=64MB"


@pytest.mark.parametrize("off", ["false", "0", "no", "off", "False"])
def test_a_database_url_turns_server_side_binding_off_for_a_pooler(off):
    url = f"postgres://localhost/kb?server_side_binding={off}&sslmode=require"
    options = build_databases(env={"DATABASE_URL": url})["default"]["OPTIONS"]
    assert options == {
        "sslmode": "require",
        "options": "-c jit=off -c max_parallel_workers_per_gather=0",
    }


@pytest.mark.parametrize(
    ("query", "threshold"), [("prepare_threshold=none", None), ("prepare_threshold=2", 2)]
)
def test_a_database_url_chooses_when_statements_are_prepared(query, threshold):
    url = f"postgres://localhost/kb?server_side_binding=true&{query}"
    options = build_databases(env={"DATABASE_URL": url})["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == threshold


@pytest.mark.parametrize("query", ["server_side_binding=maybe", "prepare_threshold=often"])
def test_a_malformed_statement_option_is_refused_with_its_name(query):
    name = query.split("=")[0]
    with pytest.raises(ImproperlyConfiguredEnv, match=f"DATABASE_URL's {name}"):
        build_databases(env={"DATABASE_URL": f"postgres://localhost/kb?{query}"})


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://localhost/", "localhost:5432"])
def test_unusable_database_url_is_refused_with_its_name(url):
    with pytest.raises(ImproperlyConfiguredEnv, match="DATABASE_URL"):
        build_databases(env={"DATABASE_URL": url})


def test_typed_helpers_parse_and_refuse():
    env = {
        "A": "yes",
        "B": "off",
        "N": "42",
        "L": " a.example, ,b.example ",
        "BAD": "maybe",
        "NAN": "x",
    }
    assert env_bool("A", env=env) is True
    assert env_bool("B", default=True, env=env) is False
    assert env_bool("MISSING", default=True, env=env) is True
    assert env_int("N", 0, env=env) == 42
    assert env_list("L", env=env) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfiguredEnv, match="BAD"):
        env_bool("BAD", env=env)
    with pytest.raises(ImproperlyConfiguredEnv, match="NAN"):
        env_int("NAN", 0, env=env)


def _run_django(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run_django({"KB_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    production = {
        "KB_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "a-real-production-secret-" + "k7Qz9xW2mN4pL8vR3tY6uB1cE5fH0jG" * 2,
        "ALLOWED_HOSTS": "kb.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://kb.example.org",
    }
    result = _run_django(production, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("sql", "depends"),
    [
        ('SELECT 1 FROM "notes_taggedclaim" U0 WHERE U0."tag_id" = %s', True),
        ("SELECT t.id FROM notes_talktagcount c WHERE c.tag_id = %s LIMIT %s", True),
        ('SELECT 1 FROM "notes_claim" WHERE "notes_claim"."speaker_id" IN (%s, %s)', True),
        ("SELECT claim_id FROM notes_claimsearch s WHERE s.document @@ %s::tsquery", True),
        ('SELECT "talk_id" FROM "notes_talktagpaircount" WHERE "tag_a_id" = %s', True),
        ("SELECT tag_a_id FROM notes_tagpaircount WHERE tag_b_id = %s AND claims > 0", True),
        ('SELECT 1 FROM "notes_claim" WHERE "notes_claim"."id" IN (%s, %s)', False),
        ('SELECT 1 FROM "notes_claim" WHERE "notes_claim"."talk_id" = %s', False),
        ('SELECT 1 FROM "notes_tag" WHERE "notes_tag"."slug" = %s', False),
    ],
)
def test_statements_filtering_on_skewed_values_are_never_prepared(sql, depends):
    assert plans_depend_on_values(sql) is depends
