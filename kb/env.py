"""Typed readers for settings that come from the environment, and the one function building DATABASES.

Every reader takes the mapping to read (``os.environ`` by default) so tests can pass their own.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ImproperlyConfiguredEnv(ValueError):
    """A setting in the environment is missing or malformed; the message names the variable."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
PREPARE_THRESHOLD = 5  # psycopg's own default; Django turns preparing off unless OPTIONS names it
# Server settings of every PostgreSQL connection, unless DATABASE_URL names its own ``options``.
# JIT compilation pays off for long analytic queries, not for a page's short index reads: the
# planner's cost estimates of LIMITed queries over a million claims passed its threshold and
# compiling took 300 ms of a theme page. Parallel workers likewise: the planner chose a Gather for
# the capped facet samples of narrowed tag lists, and starting the workers cost ~50 ms of a 60 ms
# page on two cores, where a page's reads are index ranges a single process finishes sooner.
SERVER_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"


def env_str(name: str, default: str = "", env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(name, default).strip()


def env_bool(name: str, default: bool = False, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if name not in env:
        return default
    return parse_bool(name, env[name])


def parse_bool(name: str, value: str) -> bool:
    """``value`` (a string from the environment or a URL) as a bool; the error names ``name``."""
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(
        f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}."
    )


def env_int(name: str, default: int, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    if not env.get(name, "").strip():
        return default
    try:
        return int(env[name])
    except ValueError:
        raise ImproperlyConfiguredEnv(
            f"{name} must be a whole number, not {env[name]!r}."
        ) from None


def env_list(
    name: str, default: list[str] | None = None, env: Mapping[str, str] | None = None
) -> list[str]:
    """Comma-separated values, blanks dropped."""
    env = os.environ if env is None else env
    if name not in env:
        return list(default or [])
    return [item.strip() for item in env[name].split(",") if item.strip()]


def sqlite_database(data_dir: Path) -> dict:
    """An embedded SQLite file that a browser and an import can use at once.

    WAL lets readers work during a write; IMMEDIATE transactions take the write lock up front, so
    two writers queue on the busy timeout instead of failing with "database is locked"
    (30 s: 4 importers on a loaded 2-core machine starved one writer past 20 s; an import that still
    meets the lock retries, notes/busy.py). A worker keeps its connection between requests, as on
    PostgreSQL: opening one reads the schema and the WAL again (~5 ms, half of a cached page's cost).
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / "kb.sqlite3"),
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def postgres_database(url: str) -> dict:
    """Django settings for a ``postgres://user:pass@host:port/name?sslmode=…`` URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfiguredEnv(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme or 'nothing'}://."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfiguredEnv(
            "DATABASE_URL must name a database, e.g. postgres://localhost/kb."
        )
    options: dict = dict(parse_qsl(parts.query))
    options.update(_statement_options(options))
    options.setdefault("options", SERVER_OPTIONS)  # a URL's own ``options`` wins
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def _statement_options(options: dict) -> dict:
    """Server-side binding with prepared statements, unless the URL turns them off.

    Planning cost 3-8 ms per statement at a million claims, several statements per page. With
    server-side binding psycopg sends the parameters apart from the SQL, and after a statement has
    run ``prepare_threshold`` times on a connection (kept CONN_MAX_AGE seconds) it is prepared, so
    PostgreSQL may reuse its plan (kb.pg_cursor keeps statements whose plan depends on their
    values unprepared). A pooler in transaction mode (pgbouncer before 1.21) cannot follow a
    session's prepared statements: ``?server_side_binding=false`` goes back to Django's client-side
    binding, ``?prepare_threshold=none`` keeps the binding but prepares nothing. Values in a URL
    are strings, hence the parsing.
    """
    binding = options.pop("server_side_binding", "true")
    threshold = options.pop("prepare_threshold", str(PREPARE_THRESHOLD))
    if not parse_bool("DATABASE_URL's server_side_binding", binding):
        return {}
    if threshold.strip().lower() in ("none", "off", ""):
        prepare_after = None
    else:
        try:
            prepare_after = int(threshold)
        except ValueError:
            raise ImproperlyConfiguredEnv(
                f"DATABASE_URL's prepare_threshold must be a whole number or none, not {threshold!r}."
            ) from None
    from kb.pg_cursor import ValueAwareCursor  # imports psycopg: only when PostgreSQL is used

    return {
        "server_side_binding": True,
        "prepare_threshold": prepare_after,
        "cursor_factory": ValueAwareCursor,
    }


def build_databases(env: Mapping[str, str] | None = None, base_dir: Path | None = None) -> dict:
    """DATABASES for the environment: PostgreSQL when DATABASE_URL is set, else SQLite in KB_DATA_DIR."""
    env = os.environ if env is None else env
    url = env_str("DATABASE_URL", env=env)
    if url:
        return {"default": postgres_database(url)}
    return {"default": sqlite_database(data_dir(env, base_dir))}


def data_dir(env: Mapping[str, str] | None = None, base_dir: Path | None = None) -> Path:
    base_dir = base_dir or Path(__file__).resolve().parent.parent
    configured = env_str("KB_DATA_DIR", env=env)
    path = Path(configured) if configured else base_dir / "data"
    return path if path.is_absolute() else (base_dir / path)
