"""Import benchmark: the samples and wild summaries, varied into ~2,500 files, into a fresh database.

    .venv/bin/python scripts/bench_import.py [--variants 125] [--generated N] [--no-write] [--profile]

Measures files/s for a first import and for re-importing the same (unchanged) files, SQL queries per
file, and the process's resident memory (at the start, after 100, 1,000, 5,000, 10,000… files of the
first import, after it, and the peak), on a temporary
SQLite database and, when DATABASE_URL is set, on a temporary PostgreSQL database created beside it
(and dropped after). Each backend runs in a child process so that each gets its own settings.
``--generated N`` imports N small generated notes instead of the varied real ones (for the
10,000-file memory run). The first import's sources are made one at a time as the import asks
for them, so the benchmark holds no file list while memory is measured; the unchanged re-imports
get a list made before their clock starts (making inputs is setup, not import). Prints the figures and records them in
docs/benchmarks.md ("Import" section, replaced on each run; ``--no-write`` leaves it alone).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import re
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_common import server_version

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KB_SHARED") or PROJECT.parent / "shared")
DOC = PROJECT / "docs" / "benchmarks.md"
SECTION = "## Import"
AGAIN_REPEATS = 5  # unchanged re-imports timed; the median is reported
# The child runs as a deployment does: DEBUG off (with it on, Django keeps and formats every
# statement, on SQLite with an extra QUOTE() query per statement), so a throwaway secret key.
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)}
_YOUTUBE_ID = re.compile(r"((?:v=|youtu\.be/))([A-Za-z0-9_-]{11})")
_URL = re.compile(r"https?://[^\s)>\]\"'<]+")
_TITLE_LINE = re.compile(
    r"^((?:title\s*[:=]\s*[\"']?)|(?:#{1,2} )|(?:- 标题：))(.+?)([\"']?)$", re.M
)


def base_files() -> list[tuple[str, bytes]]:
    files = sorted((SHARED / "samples").glob("*.txt")) + sorted(
        p for p in (SHARED / "wild").glob("*.md") if p.name != "README.md"
    )
    return [(path.name, path.read_bytes()) for path in files]


def vary(text: str, number: int) -> str:
    """The same summary as if about another talk: other video ids, URLs and titles."""
    if number == 0:
        return text

    def video(match):
        digest = hashlib.sha1(f"{match.group(2)}{number}".encode()).hexdigest()
        return match.group(1) + (digest[:10] + "A")

    text = _YOUTUBE_ID.sub(video, text)

    def url(match):
        if "youtube.com" in match.group(0) or "youtu.be" in match.group(0):
            return match.group(0)
        parts = urlsplit(match.group(0))
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + f"/v{number}"))

    text = _URL.sub(url, text)
    text = _TITLE_LINE.sub(
        lambda m: f"{m.group(1)}{m.group(2)} (variant {number}){m.group(3)}", text
    )
    return text + f"\n\nVariant {number} of this note.\n"


class Sources:
    """The benchmark's files, made one at a time as the import iterates (it needs their count)."""

    def __init__(self, variants: int, generated: int):
        self.variants, self.generated = variants, generated
        self.bases = [] if generated else base_files()

    def __len__(self) -> int:
        return self.generated or self.variants * len(self.bases)

    def __iter__(self):
        from notes.importer.types import SourceFile

        if self.generated:
            for number in range(self.generated):
                yield SourceFile(f"gen/{number:05}.md", generated_note(number).encode("utf-8"))
            return
        for name, data in self.bases:
            text = data.decode("utf-8", errors="replace")
            for number in range(self.variants):
                yield SourceFile(f"v{number:03}/{name}", vary(text, number).encode("utf-8"))


_WORDS = [
    "scaling",
    "data",
    "compute",
    "reasoning",
    "agents",
    "memory",
    "evaluation",
    "alignment",
    "robotics",
    "vision",
    "language",
    "training",
    "inference",
    "reward",
    "planning",
    "tools",
    "search",
    "safety",
    "benchmarks",
    "distillation",
]
_CHINESE = [
    "泛化",
    "推理",
    "智能体",
    "强化学习",
    "数据",
    "算力",
    "评测",
    "对齐",
    "记忆",
    "规划",
    "工具",
    "安全",
]


def generated_note(number: int) -> str:
    """A small note of its own: front matter, two sections, English and Chinese points."""
    pick = [_WORDS[(number * 7 + i * 3) % len(_WORDS)] for i in range(12)]
    points = [
        f"- {pick[i].capitalize()} matters for {pick[i + 1]} when {pick[i + 2]} grows "
        f"(note {number}, point {i})."
        for i in range(8)
    ]
    chinese = [
        f"- {_CHINESE[(number + i) % len(_CHINESE)]}是第{number}号笔记的第{i}个要点。"
        for i in range(4)
    ]
    return "\n".join(
        [
            "---",
            f'title: "Generated talk {number} on {pick[0]}"',
            f"url: https://example.org/talks/{number}",
            f"speakers: [Speaker {number % 97}]",
            "---",
            "## Key points",
            *points,
            "## 要点",
            *chinese,
            "",
        ]
    )


def warm_up(sources: Sources) -> None:
    """Extract a few notes without writing them: the extractor's modules, jieba's dictionaries and
    the regex caches load on first use, which is the process's start, not the run's growth."""
    from notes.importer.decode import decode_bytes
    from notes.importer.extract import extract_document
    from notes.importer.frontmatter import split_front_matter
    from notes.importer.limits import DEFAULT_LIMITS
    from notes.search.tokenizer import token_texts

    if sources.generated:
        samples = [(f"warm/{n}.md", generated_note(n).encode()) for n in range(3)]
    else:
        samples = sources.bases
    for name, data in samples:
        decoded = decode_bytes(name, data)
        front = split_front_matter(name, decoded.text, DEFAULT_LIMITS)
        extract_document(name, "0" * 64, decoded, front)
    token_texts("预热分词词典 warm up")


def rss_mb() -> float:
    """The process's resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssCheckpoints:
    """A progress callback noting resident memory after 1,000, 5,000, 10,000… files and the last."""

    MARKS = (100, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)

    def __init__(self, total: int):
        self.marks = {mark for mark in self.MARKS if mark < total} | {total}
        self.figures: dict[str, float] = {}

    def __call__(self, done: int, total: int, result) -> None:
        if done in self.marks:
            self.figures[str(done)] = round(rss_mb(), 1)
            print(f"{done} files: RSS {self.figures[str(done)]} MB", file=sys.stderr, flush=True)


class QueryCounter:
    """Counts the SQL statements the connection runs (an execute wrapper: nothing kept per query)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def child(
    variants: int, generated: int = 0, jobs: int | None = None, profile: bool = False
) -> None:
    """Run inside the configured database; print the figures as JSON on the last line.

    ``profile``: run the first import under cProfile (this process only: the workers' share is
    not in it) and print its top functions to stderr; its CPU figures are then inflated."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    sys.path.insert(0, str(PROJECT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from notes.importer.pipeline import import_sources
    from notes.importer.prepare import default_jobs
    from notes.models import Claim, Talk

    jobs = default_jobs() if jobs is None else jobs

    call_command("migrate", verbosity=0)
    sources = Sources(variants, generated)
    warm_up(sources)
    phases = _time_phases()
    counter = QueryCounter()
    load_before = os.getloadavg()[0]
    rss_start = rss_mb()
    rss_at = RssCheckpoints(len(sources))
    cpu_before, started = os.times(), time.perf_counter()
    profiler = cProfile.Profile() if profile else None
    with connection.execute_wrapper(counter):
        if profiler is not None:
            profiler.enable()
        first = import_sources(sources, progress=rss_at, jobs=jobs)
        if profiler is not None:
            profiler.disable()
    first_seconds = time.perf_counter() - started
    cpu = _cpu_ms_per_file(cpu_before, os.times(), len(sources))
    if profiler is not None:
        _print_profile(profiler, connection.vendor, cpu, len(sources))
    first_queries, counter.count = counter.count, 0
    rss_after_first = rss_mb()
    # The unchanged re-import of a small run takes a fraction of a second, so one timing is at the
    # mercy of the machine's other work: it is repeated and the median taken (each repeat is the
    # same re-import of the same unchanged files; the queries are those of the first). Its files
    # are made before the clock starts: making inputs is the benchmark's setup, not the import.
    made = list(sources)
    timings = []
    for repeat in range(AGAIN_REPEATS):
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            again = import_sources(made, jobs=jobs)
        timings.append(time.perf_counter() - started)
        if repeat == 0:
            again_queries = counter.count
    again_seconds = statistics.median(timings)
    counter.count = again_queries
    del made
    started = time.perf_counter()
    for _source in sources:  # making the varied files: inside the first import's timing only
        pass
    sources_seconds = time.perf_counter() - started
    figures = {
        "backend": connection.vendor,
        "version": server_version(connection),
        "files": len(sources),
        "jobs": jobs,
        "first_seconds": round(first_seconds, 1),
        "first_files_per_second": round(len(sources) / first_seconds, 1),
        "first_cpu_ms_per_file": cpu,
        "first_outcome": first.summary_line(),
        "again_seconds": round(again_seconds, 2),
        "again_repeats": [round(len(sources) / seconds, 1) for seconds in timings],
        "sources_ms_per_file": round(sources_seconds / len(sources) * 1000, 2),
        "again_files_per_second": round(len(sources) / again_seconds, 1),
        "again_outcome": again.summary_line(),
        "first_queries_per_file": round(first_queries / len(sources), 1),
        "again_queries_per_file": round(counter.count / len(sources), 1),
        "rss_start_mb": round(rss_start, 1),
        "rss_after_first_mb": round(rss_after_first, 1),
        "rss_peak_mb": round(peak_rss_mb(), 1),
        "rss_during_first_mb": rss_at.figures,
        "talks": Talk.objects.count(),
        "claims": Claim.objects.count(),
        "phases": {name: round(seconds / first_seconds * 100) for name, seconds in phases.items()},
        "load": round((load_before + os.getloadavg()[0]) / 2, 1),
    }
    print(json.dumps(figures))


def _print_profile(profiler, vendor: str, cpu: dict, files: int, top: int = 35) -> None:
    """The main process's CPU per new file and its top functions (own time, then cumulative)."""
    print(
        f"\n=== {vendor}: main process {cpu['main']} ms CPU per new file under the profiler "
        f"({files} files; workers {cpu['workers']} ms) ===",
        file=sys.stderr,
    )
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue(), file=sys.stderr, flush=True)


def _cpu_ms_per_file(before, after, files: int) -> dict[str, float]:
    """CPU per file of this process and of its finished worker processes (load does not inflate
    it as it does wall-clock time)."""
    main = after.user - before.user + after.system - before.system
    workers = after.children_user - before.children_user
    workers += after.children_system - before.children_system
    return {"main": round(main / files * 1000, 1), "workers": round(workers / files * 1000, 1)}


def _time_phases() -> dict[str, float]:
    """Wrap the pipeline's main steps to add up their time (nested steps overlap)."""
    import notes.importer.extract as extract
    import notes.importer.pipeline as pipeline
    import notes.importer.render as render
    import notes.search as search

    totals: dict[str, float] = {}

    def wrap(module, name, label):
        original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

        setattr(module, name, timed)

    wrap(extract, "extract_document", "extract")
    wrap(pipeline, "persist_document", "persist (all writes)")
    wrap(render, "render_markdown", "render, within persist")
    wrap(search, "index_claims", "search index, within persist")
    return totals


def run_child(
    env: dict, variants: int, generated: int, jobs: int | None = None, profile: bool = False
) -> dict:
    command = [sys.executable, __file__, "--child", "--variants", str(variants)]
    command += ["--generated", str(generated)] + (["--profile"] if profile else [])
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    # The child's stderr (its RSS checkpoints, any traceback) goes straight to ours.
    done = subprocess.run(
        command, env=env, cwd=PROJECT, stdout=subprocess.PIPE, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"The benchmark child failed (exit {done.returncode}).")
    return json.loads(done.stdout.strip().splitlines()[-1])


def on_sqlite(variants: int, generated: int, jobs: int | None = None, profile=False) -> dict:
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as folder:
        env = {**os.environ, "KB_DATA_DIR": folder, **PRODUCTION}
        env.pop("DATABASE_URL", None)
        return run_child(env, variants, generated, jobs, profile)


def on_postgres(
    url: str, variants: int, generated: int, jobs: int | None = None, profile=False
) -> dict:
    import psycopg

    name = f"kb_bench_{secrets.token_hex(4)}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": urlunsplit(parts._replace(path="/" + name)),
            **PRODUCTION,
        }
        return run_child(env, variants, generated, jobs, profile)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(results: list[dict]) -> str:
    lines = [
        SECTION,
        "",
        f"`make bench` (scripts/bench_import.py), {time.strftime('%Y-%m-%d')}: the 5 samples and 15 wild",
        "summaries, each varied into other talks (other video ids, URLs and titles), imported into a fresh",
        f"database, then imported again unchanged. Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs.",
        "",
        "| database | files | first import | files/s | queries/file | re-import (unchanged) | files/s "
        "| queries/file | RSS start → after first → peak | talks | claims |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['version']} | {r['files']} | {r['first_seconds']} s | {r['first_files_per_second']} "
            f"| {r['first_queries_per_file']} | {r['again_seconds']} s | {r['again_files_per_second']} "
            f"| {r['again_queries_per_file']} | {r['rss_start_mb']} → {r['rss_after_first_mb']} → "
            f"{r['rss_peak_mb']} MB | {r['talks']} | {r['claims']} |"
        )
    lines.append("")
    for r in results:
        phases = ", ".join(f"{name} {share} %" for name, share in r["phases"].items())
        during = ", ".join(f"{n} files {mb} MB" for n, mb in r["rss_during_first_mb"].items())
        lines.append(
            f"- {r['version']}, {r.get('jobs', 0)} worker process(es) preparing files: first "
            f"import {r['first_outcome']}; again {r['again_outcome']}. "
            f"Share of the first import's time: {phases}. RSS during the first import: {during}. "
            f"Load average during the run: {r['load']}. CPU per new file: "
            f"{r['first_cpu_ms_per_file']['main']} ms here, "
            f"{r['first_cpu_ms_per_file']['workers']} ms in workers. Unchanged re-import, files/s of each of "
            f"its {len(r['again_repeats'])} repeats (median in the table): "
            f"{', '.join(map(str, r['again_repeats']))}; making the varied files (made before the "
            f"unchanged timings; inside the first import's) takes {r['sources_ms_per_file']} ms "
            "per file."
        )
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    """Replace (or append) the "## Import" section of docs/benchmarks.md, leaving others alone."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    start = current.find(SECTION + "\n")
    if start == -1:
        DOC.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    following = current.find("\n## ", start + len(SECTION))
    end = len(current) if following == -1 else following + 1
    DOC.write_text(
        current[:start] + text + ("\n" if following != -1 else "") + current[end:], encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants", type=int, default=125, help="versions of each file (default 125)"
    )
    parser.add_argument(
        "--generated", type=int, default=0, help="import N small generated notes instead"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: as import_summaries)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the first import's main process (cProfile top list on stderr)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.variants, args.generated, args.jobs, args.profile)
        return
    if not args.generated and not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is not here: the shared test data sits beside the checkout.")
    results = [on_sqlite(args.variants, args.generated, args.jobs, args.profile)]
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        results.append(on_postgres(url, args.variants, args.generated, args.jobs, args.profile))
    text = report(results)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
