"""What the benchmark scripts share: which databases to run on, and each child process's environment."""

from __future__ import annotations

import os
import re
import sys


def chosen_vendors(vendor: str | None) -> list[str]:
    """The databases to benchmark: as asked, else both when DATABASE_URL is set, else SQLite."""
    vendor = vendor or ("both" if os.environ.get("DATABASE_URL") else "sqlite")
    vendors = ["sqlite", "postgresql"] if vendor == "both" else [vendor]
    if "postgresql" in vendors and not os.environ.get("DATABASE_URL"):
        sys.exit("PostgreSQL needs DATABASE_URL (postgres://user:pass@host:port/name).")
    return vendors


def child_env(vendor: str, workdir: str) -> dict[str, str]:
    """The environment of a child run on ``vendor``, its data kept in ``workdir``."""
    env = dict(os.environ, KB_DATA_DIR=workdir)
    if vendor == "sqlite":
        env.pop("DATABASE_URL", None)
    return env


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0–1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_ms(call, repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``call()``, after one warm-up call."""
    import time

    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def load_average() -> float:
    """The machine's 1-minute load average, rounded."""
    return round(os.getloadavg()[0], 2)


def git_commit(folder) -> str:
    """The short commit hash of the checkout at ``folder`` ("+" when it has uncommitted changes)."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + ("+" if dirty else "")


def replace_marked(text: str, name: str, body: str, heading: str) -> str:
    """``text`` with what lies between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` replaced by
    ``body``; without the markers, a new section ``heading`` holding them is appended."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start != -1 else -1
    if start == -1 or stop == -1:
        return text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    return text[:start] + block + text[stop + len(end) :]


_TOKEN = re.compile(r'-?"[^"]+"|\S+')


def naive_scan(query: str, limit: int = 20):
    """The search without the index: a LIKE scan over claim text, the same filters, a count and the
    newest ``limit`` claims (what search_claims() answers, the slow way). Needs Django set up."""
    from django.db.models import Q

    from notes.models import Claim

    claims = Claim.objects.filter(talk__public=True).exclude(status="hidden")
    for token in _TOKEN.findall(query):
        excluded = token.startswith("-") and len(token) > 1
        word = token[1:] if excluded else token
        word = word.strip('"')
        if word.startswith("#"):
            condition = Q(tags__slug=word[1:])
        elif word.startswith(("lang:", "kind:", "speaker:")):
            key, value = word.split(":", 1)
            field = {"lang": "language", "kind": "kind", "speaker": "speaker__slug"}[key]
            condition = Q(**{field: value})
        else:
            condition = Q(text__contains=word)
        claims = claims.exclude(condition) if excluded else claims.filter(condition)
    return claims.count(), list(claims.order_by("-id")[:limit])


def server_version(connection) -> str:
    """The database's name and version, as the benchmark tables print it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("show server_version")
        return "PostgreSQL " + cursor.fetchone()[0].split()[0]
