"""Benchmark the public pages and API lists on synthetic data. Not a test: it prints figures.

    .venv/bin/python scripts/bench_pages.py                      # 100,000 claims, SQLite
    .venv/bin/python scripts/bench_pages.py --claims 1000000     # a million (building takes a while)
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_pages.py --vendor postgresql

Each vendor runs in its own process against a throwaway database (a temp SQLite file; on PostgreSQL a
database named kb_bench_pages, created and dropped). The corpus is seeded: talks of ~100 claims, Zipf-
distributed speakers, tags and the seeded themes, 1% of claims paired with a translation, 2% hidden, 5% of
talks private. After building it the script runs ``ANALYZE``, the state a real database reaches, because
statistics are what once turned listings into full scans. Every page kind is requested through Django's
test client (server time: URL routing, views, queries, templates; no network), --repeat times after a
warm-up; the table gives p50/p95 in ms, the number of SQL queries, and the load average of the machine,
all with the page cache off (notes.page_cache), then the p50 of the same page answered from the cache.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import child_env, chosen_vendors

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "scripts"))
BENCH_DB = "kb_bench_pages"
SLOW_MS = 3000  # a page slower than this on its warm-up request is timed once, not --repeat times


def generate(claims: int, seed: int) -> None:
    """Fill the (empty, migrated) database with the seeded corpus of scripts/bench_corpus.py."""
    from bench_corpus import generate as generate_corpus

    generate_corpus(claims, seed)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_urls() -> list[tuple[str, str]]:
    """(page kind, URL) for every page kind, with the busiest and a rare theme, speaker and talk."""
    from django.db.models import Count, F

    from notes.models import Claim, Speaker, Tag, Talk

    themes = list(
        Tag.objects.filter(is_theme=True)
        .annotate(n=Count("claim_items"))
        .order_by("-n")
        .values_list("slug", flat=True)
    )
    talk = Talk.objects.filter(public=True).order_by("pk").first()
    # The busiest speaker by their counter (the seeded speakers of migration 0006 have no claims).
    speaker = Speaker.objects.order_by(F("counter__claims").desc(nulls_last=True), "pk").first()
    claim = Claim.objects.filter(talk__public=True, status="imported").order_by("pk").first()
    return [
        ("home", "/"),
        ("talks", "/talks/"),
        ("talks page 50", "/talks/?page=50"),
        ("talk", f"/talks/{talk.slug}/"),
        ("speakers", "/speakers/"),
        ("speaker (busiest)", f"/speakers/{speaker.slug}/"),
        ("theme (busiest)", f"/themes/{themes[0]}/"),
        ("theme (rarest)", f"/themes/{themes[-1]}/"),
        ("theme filtered", f"/themes/{themes[0]}/?lang=en&kind=key_point"),
        ("theme page 20", f"/themes/{themes[0]}/?page=20"),
        ("tags", "/tags/"),
        ("tags narrowed (2)", "/tags/?tag=bench-tag-0&tag=bench-tag-1"),
        ("tags narrowed (theme+tag)", f"/tags/?tag={themes[0]}&tag=bench-tag-5"),
        ("claim", f"/claims/{claim.pk}/"),
        ("search 泛化", "/search/?q=泛化"),
        ("search generaliz", "/search/?q=generaliz"),
        ("api claims", "/api/claims/"),
        ("api claims theme", f"/api/claims/?theme={themes[0]}"),
        ("api talks", "/api/talks/"),
        ("api speakers", "/api/speakers/"),
        ("api themes", "/api/themes/"),
        ("feed", "/feeds/claims/"),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def serve_like_a_worker() -> None:
    """Make this process's heap like a server worker's: what loading the application and building
    the corpus left is frozen out of the collector, as kb.wsgi freezes it at start-up."""
    gc.collect()
    gc.freeze()


def forget_test_client_receivers() -> None:
    """Drop what the test client leaves behind per request: with DEBUG on, connecting its
    template-rendered receiver (a new partial over the request's context each time) caches the
    partial in django.utils.inspect's lru_cache of 512 entries, so hundreds of requests' template
    contexts stay alive and every full collection walks them (hundreds of ms per collection, one
    request in ten). A server has no such receiver."""
    from django.utils import inspect

    inspect._get_func_parameters.cache_clear()


def measure_pages(repeat: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    serve_like_a_worker()
    rows = []
    for kind, url in page_urls():
        # The query log keeps 9,000 entries and building the corpus filled it: a capture that starts
        # on a full log counts nothing, so each starts on an empty one.
        connection.queries_log.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)  # warm-up
        warm = (time.perf_counter() - started) * 1000
        times = [] if warm < SLOW_MS else [warm]  # a page this slow is measured once
        for _ in range(repeat if warm < SLOW_MS else 0):
            connection.queries_log.clear()
            forget_test_client_receivers()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)  # before the next requests empty the log
        cached = []
        with override_settings(KB_PAGE_CACHE=True):  # the second column: answered from the cache
            client.get(url)
            for _ in range(min(repeat, 5)):
                started = time.perf_counter()
                client.get(url)
                cached.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "page": kind,
                "url": url,
                "status": response.status_code,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "cached_p50_ms": round(statistics.median(cached), 1) if cached else None,
                "samples": len(times),
                "queries": queries,
                "load": round(os.getloadavg()[0], 2),
            }
        )
        row = rows[-1]
        print(
            f"  {kind:<28} {row['status']:>4} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} "
            f"{row['queries']:>8} {row['load']:>6.2f} {row['samples']:>4} "
            f"{row['cached_p50_ms'] or 0:>9.1f}",
            flush=True,
        )
    return rows


def run_child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    os.environ.setdefault("DEBUG", "1")
    # The headline is the uncached server time; the cached p50 is measured apart (measure_pages).
    os.environ["KB_PAGE_CACHE"] = "0"
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        BENCH_DB if connection.vendor == "postgresql" else str(Path(args.workdir) / "bench.sqlite3")
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        measure(args)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def measure(args) -> None:
    from django.db import connection

    vendor = connection.vendor
    started = time.perf_counter()
    generate(args.claims, args.seed)
    built = time.perf_counter() - started
    print(f"[{vendor}] generated {args.claims:,} claims in {built:.1f} s", flush=True)
    started = time.perf_counter()
    try:
        from notes.services.counters import recount_all
    except ImportError:  # before counters existed: nothing to fill
        recounted = None
    else:
        recount_all()
        recounted = time.perf_counter() - started
        print(f"[{vendor}] recounted counters in {recounted:.1f} s", flush=True)
    started = time.perf_counter()
    from notes.search import rebuild_index

    rebuild_index()
    analyze()
    indexed = time.perf_counter() - started
    print(f"[{vendor}] search index + ANALYZE in {indexed:.1f} s", flush=True)
    print(
        f"[{vendor}] {'page':<28} {'HTTP':>4} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'load':>6}"
        f" {'n':>4} {'cached ms':>9}"
    )
    rows = measure_pages(args.repeat)
    if args.json:
        report = {
            "vendor": vendor,
            "claims": args.claims,
            "build_s": round(built, 1),
            "recount_s": None if recounted is None else round(recounted, 1),
            "index_s": round(indexed, 1),
            "pages": rows,
        }
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"], default=None)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as workdir:
        for name in chosen_vendors(args.vendor):
            env = child_env(name, workdir)
            command = [sys.executable, __file__, "--child", "--workdir", workdir,
                       "--claims", str(args.claims), "--repeat", str(args.repeat),
                       "--seed", str(args.seed)]  # fmt: skip
            if args.json:
                command += [
                    "--json",
                    str(Path(args.json).resolve()).replace(".json", f"-{name}.json"),
                ]
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
