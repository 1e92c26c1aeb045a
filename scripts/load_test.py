"""Load test: gunicorn (2 workers) on loopback under wrk, home, theme, talk and search pages in turn.

    .venv/bin/python scripts/load_test.py [--connections 64] [--seconds 60] [--vendor …] [--no-write]
    .venv/bin/python scripts/load_test.py --corpus 1000000 [--vendor both]    # 32 connections, 30 s

With --corpus CLAIMS it serves a working copy of scripts/bench_corpus.py's seeded corpus (taken from
the cache, --cache-dir, built on the first run) and records the figures between the
``<!-- load-corpus:begin -->`` markers of docs/benchmarks.md. A script, not part of CI.

Builds a temporary database with the demo notes and ../shared/samples, serves it as `make serve` does
(production settings, collected static files), warms it up, then runs `wrk` (Debian package `wrk`)
for the time given; without wrk, the threaded Python client of the test suite stands in (its
figures are lower: the client shares the CPUs). Prints requests/s, p50/p99, errors and the workers'
resident memory before and after, and writes them into docs/benchmarks.md ("## Load", replaced on
each run). Exits 1 on any error. The suite runs 16 clients for 10 s (tests/hardening/test_load.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench_common import chosen_vendors, git_commit, replace_marked  # noqa: E402

from tests.hardening.child_db import ChildDatabase, create_database  # noqa: E402
from tests.hardening.serving import public_paths, run_load, start_gunicorn  # noqa: E402

SECTION = "## Load"
CORPUS_HEADING = "## Load at a million claims (issue 11)"
DOC = PROJECT / "docs" / "benchmarks.md"
SHARED = PROJECT.parent / "shared"
_WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {Host = "127.0.0.1"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"connect\\": %%d, \\"read\\": %%d, " ..
    "\\"write\\": %%d, \\"timeout\\": %%d, \\"status\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def with_wrk(port: int, paths: list[str], connections: int, seconds: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    try:
        command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{port}"]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        script.unlink()
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("JSON "))
    raw = json.loads(line[5:])
    errors = sum(raw[k] for k in ("connect", "read", "write", "timeout", "status"))
    return {
        "client": "wrk 2 threads",
        "requests": raw["requests"],
        "errors": errors,
        "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "timeout", "status")},
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
    }


def measure(vendor: str, connections: int, seconds: int) -> dict:
    """The demo notes and ../shared/samples in a fresh database, under load."""
    database = create_database(vendor)
    try:
        database.manage("load_demo")
        if (SHARED / "samples").is_dir():
            database.manage("import_summaries", str(SHARED / "samples"), check=False)
        return serve_and_load(database, vendor, connections, seconds)
    finally:
        database.drop()


def measure_corpus(vendor: str, claims: int, seed: int, cache_dir: Path, connections: int,
                   seconds: int) -> dict:  # fmt: skip
    """A working copy of bench_corpus's cached corpus (built first if missing), under load."""
    from bench_cache import ensure_template, working_copy

    ensure_template(vendor, claims, seed, cache_dir)
    folder = Path(tempfile.mkdtemp(prefix="kb-load-"))
    corpus = working_copy(vendor, claims, seed, cache_dir, folder)
    try:
        figures = serve_and_load(ChildDatabase(vendor, folder, corpus.url), vendor, connections,
                                 seconds)  # fmt: skip
        return {"claims": claims, **figures}
    finally:
        corpus.drop()
        shutil.rmtree(folder, ignore_errors=True)


def serve_and_load(database: ChildDatabase, vendor: str, connections: int, seconds: int) -> dict:
    """gunicorn (2 workers) on ``database``, warmed up, then ``connections`` clients for ``seconds``."""
    server = start_gunicorn(database, workers=2)
    try:
        paths = public_paths(database)
        run_load(server.port, paths, connections=4, seconds=5)  # warm-up: caches, lazy imports
        before = server.workers_rss_kb()
        load_before = os.getloadavg()[0]
        if shutil.which("wrk"):
            figures = with_wrk(server.port, paths, connections, seconds)
        else:
            figures = {
                "client": "Python threads",
                **run_load(server.port, paths, connections, seconds).summary(),
            }
        after = server.workers_rss_kb()
        version = database.query(
            "select sqlite_version()" if vendor == "sqlite" else "show server_version"
        )[0][0]
        return {
            "database": ("SQLite " if vendor == "sqlite" else "PostgreSQL ") + version.split()[0],
            "paths": paths,
            "connections": connections,
            "seconds": seconds,
            "rss_before_mb": round(before / 1024, 1),
            "rss_after_mb": round(after / 1024, 1),
            "load": round((load_before + os.getloadavg()[0]) / 2, 1),
            **figures,
        }
    finally:
        server.stop()


def report(results: list[dict]) -> str:
    lines = [
        SECTION,
        "",
        f"scripts/load_test.py, {time.strftime('%Y-%m-%d')}: gunicorn with 2 sync workers on loopback, production",
        "settings, the demo notes and ../shared/samples; home, a theme, a talk and a search page in turn,",
        f"after a 5 s warm-up. Python {platform.python_version()}, {os.cpu_count()} CPUs shared by the client,",
        "the server and whatever else runs (load average given): compare runs only at a similar load.",
        "",
        "| database | client | connections | seconds | requests | errors | requests/s | p50 ms | p99 ms "
        "| workers' RSS before → after | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['client']} | {r['connections']} | {r['seconds']} | {r['requests']} "
            f"| {r['errors']} | {r['requests_per_s']} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {r['rss_before_mb']} → {r['rss_after_mb']} MB | {r['load']} |"
        )
    return "\n".join(lines) + "\n"


def corpus_report(results: list[dict]) -> str:
    """The table of a run against bench_corpus's corpus (written between the load-corpus markers)."""
    lines = [
        f"`scripts/load_test.py --corpus`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"commit {git_commit(PROJECT)}: gunicorn with 2 sync workers (production settings) on "
        "loopback, home, a theme, a talk and a search page in turn after a 5 s warm-up; client and "
        f"server share the {os.cpu_count()} CPUs. Target: ≥ 300 requests/s, p99 ≤ 250 ms, no errors.",
        "",
        "| database | claims | client | connections | seconds | requests | errors | requests/s "
        "| p50 ms | p99 ms | workers' RSS before → after | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['claims']:,} | {r['client']} | {r['connections']} "
            f"| {r['seconds']} | {r['requests']} | {r['errors']} | {r['requests_per_s']} "
            f"| {r['p50_ms']} | {r['p99_ms']} | {r['rss_before_mb']} → {r['rss_after_mb']} MB "
            f"| {r['load']} |"
        )
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    """Replace (or append) the "## Load" section of docs/benchmarks.md, leaving the others alone."""
    current = DOC.read_text(encoding="utf-8")
    start = current.find(SECTION + "\n")
    if start == -1:
        DOC.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    following = current.find("\n## ", start + len(SECTION))
    end = len(current) if following == -1 else following + 1
    tail = ("\n" + current[end:]) if following != -1 else ""
    DOC.write_text(current[:start] + text + tail, encoding="utf-8")


def main() -> None:
    from bench_corpus import DEFAULT_CACHE, DEFAULT_SEED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--corpus", type=int, metavar="CLAIMS",
                        help="serve bench_corpus's corpus of CLAIMS claims (default 32 connections, "
                        "30 s) instead of the demo notes")  # fmt: skip
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.corpus:
        connections, seconds = args.connections or 32, args.seconds or 30
        results = [
            measure_corpus(vendor, args.corpus, args.seed, args.cache_dir.expanduser(),
                           connections, seconds)
            for vendor in chosen_vendors(args.vendor)
        ]  # fmt: skip
        text = corpus_report(results)
    else:
        connections, seconds = args.connections or 64, args.seconds or 60
        results = [measure(v, connections, seconds) for v in chosen_vendors(args.vendor)]
        text = report(results)
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if not args.no_write:
        if args.corpus:
            DOC.write_text(replace_marked(DOC.read_text(encoding="utf-8"), "load-corpus", text,
                                          CORPUS_HEADING), encoding="utf-8")  # fmt: skip
        else:
            write_section(text)
    sys.exit(1 if any(r["errors"] for r in results) else 0)


if __name__ == "__main__":
    main()
