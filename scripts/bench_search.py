"""Benchmark claim search on synthetic data. Not a test: it prints figures for docs/benchmarks.md.

    .venv/bin/python scripts/bench_search.py                           # 100,000 claims, SQLite
    .venv/bin/python scripts/bench_search.py --claims 100000 --claims 1000000 --json /tmp/s.json
    DATABASE_URL=postgres://…/kb_x .venv/bin/python scripts/bench_search.py --vendor postgresql

For every search kind (rare and common Chinese, a Chinese phrase, an English prefix and phrase, a tag
with words, lang:/kind: filters, an exclusion, speaker: only, tag only, the empty query) it times,
--repeat times after a warm-up: ``search_claims()`` itself, the whole /search/ page through Django's
test client (view, queries, template), and the naive scan a search box without an index would run
(``icontains`` per word, joins for the filters, a full COUNT and the newest 20, as a Paginator does):
p50/p95 in ms, the naive p50 divided by the search p50, and the 1-minute load average. With two
sizes it prints the growth of p95 between them.

Corpora are built once and kept in --cache (default /tmp/kb-bench-search): on SQLite a file per
(claims, seed); on PostgreSQL a database named after DATABASE_URL's (``<name>_bench_<claims>``),
copied as a template. The indexed copy is kept per version of the search code (a hash of
notes/search and the migrations), so re-running after a change only rebuilds the index. Claims are
generated from a seeded RNG: half Chinese, 30% English, 20% mixed, ~140 characters each, 0–3 tags,
200 speakers, 5% of talks private, 2% of claims hidden.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from bench_common import child_env, chosen_vendors

PROJECT_DIR = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 2  # bump when the corpus changes, so cached corpora are rebuilt
BATCH = 20_000
BASE_MIGRATION = ("notes", "0013_import_tasks")  # corpora are kept at this schema

ZH_WORDS = str.split(
    "模型 能力 人类 学习 数据 训练 预训练 强化学习 奖励 价值函数 情绪 研究 品味 规模 定律 信息 推理 对齐 "
    "安全 智能 经济 机器人 样本 效率 评测 基准 持续 经验 扩展 算力 问题 方法 系统 未来 时间线 环境 反馈 "
    "目标 理解 世界 语言 代码 工具 记忆 判断 直觉 证据 实验 结果 差距 速度 成本"
)
ZH_GLUE = str.split("的 是 在 和 不 很 也 更 会 能 把 让 了 比 对 从")
EN_WORDS = str.split(
    "model models generalize generation generic data training pre-training reward value function "
    "emotion research taste scaling law laws reasoning alignment safety robot sample efficiency "
    "benchmark eval continual learning experience compute people human evidence intuition code "
    "memory judgement world language tool goal feedback cost speed gap result experiment"
)
EN_GLUE = str.split("the a of to is and in than worse better more less not very also can will")
KINDS = ["key_point"] * 3 + ["highlight"] + ["passage"] * 4 + ["dialogue"] * 2
TAG = "bench-tag-3"
SPEAKER = "bench-speaker-7"


def _visible():
    from notes.models import Claim

    return Claim.objects.filter(talk__public=True).exclude(status="hidden")


def _words(*words: str):
    def naive():
        claims = _visible()
        for word in words:
            claims = claims.filter(text__icontains=word)
        return claims

    return naive


def _tagged(naive):
    return lambda: naive().filter(tags__slug=TAG)


# (kind, query, the naive queryset for the same question)
SEARCHES = [
    ("rare CJK 熵", "熵", _words("熵")),
    ("common CJK 泛化", "泛化", _words("泛化")),
    ("CJK phrase 泛化能力", "泛化能力", _words("泛化能力")),
    ("English prefix generaliz", "generaliz", _words("generaliz")),
    ('English phrase "scaling laws"', '"scaling laws"', _words("scaling laws")),
    ("common CJK + #tag", f"泛化 #{TAG}", _tagged(_words("泛化"))),
    ("rare CJK + #tag", f"熵 #{TAG}", _tagged(_words("熵"))),
    (
        "generaliz lang:en kind:key_point",
        "generaliz lang:en kind:key_point",
        lambda: _words("generaliz")().filter(language="en", kind="key_point"),
    ),
    ("exclusion model -robot", "model -robot", lambda: _words("model")().exclude(text__icontains="robot")),
    ("speaker: only", f"speaker:{SPEAKER}", lambda: _visible().filter(speaker__slug=SPEAKER)),
    ("#tag only", f"#{TAG}", lambda: _visible().filter(tags__slug=TAG)),
    ("empty query", "", _visible),
]  # fmt: skip


def sentence(rng: random.Random, words, glue, joiner: str, length: int, extra) -> str:
    pieces: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(extra) if rng.random() < 0.06 else rng.choice(words)
        pieces.append(word)
        if rng.random() < 0.5:
            pieces.append(rng.choice(glue))
        size += sum(len(p) + len(joiner) for p in pieces[-2:])
    return joiner.join(pieces)


def claim_text(rng: random.Random) -> tuple[str, str]:
    """One synthetic claim and its language; about 1 in 200 contains the rare word 熵."""
    roll = rng.random()
    if roll < 0.5:
        text, language = sentence(rng, ZH_WORDS, ZH_GLUE, "", 70, ["泛化", "泛化能力"]) + "。", "zh"
    elif roll < 0.8:
        text = sentence(rng, EN_WORDS, EN_GLUE, " ", 140, ["generalization", "scaling laws"])
        text, language = text.capitalize() + ".", "en"
    else:
        zh = sentence(rng, ZH_WORDS, ZH_GLUE, "", 40, ["泛化"])
        en = sentence(rng, EN_WORDS, EN_GLUE, " ", 60, ["generalization", "RL"])
        text, language = f"{zh}，{en}。", "mixed"
    if rng.random() < 0.005:
        cut = rng.randrange(len(text))
        text = text[:cut] + ("熵" if language != "en" else " entropy ") + text[cut:]
    return text, language


def generate(claims: int, seed: int) -> None:
    """Fill the (empty, migrated) database with the seeded corpus of scripts/bench_corpus.py."""
    from bench_corpus import generate as generate_corpus

    generate_corpus(claims, seed)


def search_code_hash() -> str:
    """A short hash of everything that decides the index's content and shape."""
    digest = hashlib.sha256()
    files = sorted((PROJECT_DIR / "notes" / "search").rglob("*.py"))
    files += sorted((PROJECT_DIR / "notes" / "migrations").glob("*.py"))
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def index_size_mb() -> float:
    from django.db import OperationalError, connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relname LIKE 'notes_claimsearch%%' AND c.relkind IN ('r', 'm')"
            )
            return float(cursor.fetchone()[0]) / 1e6
        try:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'notes_claimsearch%%'")
            return (cursor.fetchone()[0] or 0) / 1e6
        except OperationalError:  # dbstat is an optional SQLite module
            return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run, repeat: int) -> tuple[tuple[list[float], list[float]], object]:
    """Wall-clock and CPU milliseconds of ``repeat`` runs after a warm-up, and the last result.

    CPU time is this process's: on SQLite that includes the database's work, so it is what the
    search costs whatever else the machine is doing; on PostgreSQL the server's share is missing.
    """
    result = run()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (wall, cpu), result


def stats(times: tuple[list[float], list[float]]) -> dict:
    wall, cpu = times
    return {
        "p50_ms": round(statistics.median(wall), 2),
        "p95_ms": round(percentile(wall, 0.95), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
    }


# --- databases -------------------------------------------------------------------------------


def _pg_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + quote(name)))


def _pg_admin(sql: str, *, dbname: str = "postgres") -> list:
    import psycopg

    with psycopg.connect(_pg_url(dbname), autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _pg_exists(name: str) -> bool:
    return bool(_pg_admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def prepare_database(args) -> tuple[dict, str]:
    """Point Django at an indexed corpus (building whatever is not cached); its description."""
    vendor = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    corpus_key = f"{args.claims}-{args.seed}-g{GENERATOR_VERSION}"
    index_key = f"{corpus_key}-{search_code_hash()}"
    info: dict = {"vendor": vendor, "claims": args.claims, "index_key": index_key}
    if vendor == "sqlite":
        cache = Path(args.cache)
        corpus_dir, index_dir = cache / f"corpus-{corpus_key}", cache / f"index-{index_key}"
        if not (index_dir / "kb.sqlite3").exists():
            if not (corpus_dir / "kb.sqlite3").exists():
                info["generate_s"] = _in_child(args, corpus_dir, "generate")
            shutil.rmtree(index_dir, ignore_errors=True)
            index_dir.mkdir(parents=True)
            shutil.copy(corpus_dir / "kb.sqlite3", index_dir / "kb.sqlite3")
            info.update(_in_child(args, index_dir, "index"))
        return dict(os.environ, KB_DATA_DIR=str(index_dir)), json.dumps(info)
    base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    corpus_db = f"{base}_bench_{args.claims}"
    index_db = f"{corpus_db}_{search_code_hash()}"
    if not _pg_exists(index_db):
        if not _pg_exists(corpus_db):
            _pg_admin(f'CREATE DATABASE "{corpus_db}"')
            info["generate_s"] = _in_child(args, corpus_db, "generate")
        for (stale,) in _pg_admin(
            f"SELECT datname FROM pg_database WHERE datname LIKE '{corpus_db}\\_%%'"
        ):
            _pg_admin(f'DROP DATABASE "{stale}"')  # older index versions of this corpus
        building = f"{index_db}_building"  # renamed once indexed: a failed build is not reused
        _pg_admin(f'DROP DATABASE IF EXISTS "{building}"')
        _pg_admin(f'CREATE DATABASE "{building}" TEMPLATE "{corpus_db}"')
        info.update(_in_child(args, building, "index"))
        _pg_admin(f'ALTER DATABASE "{building}" RENAME TO "{index_db}"')
    return dict(os.environ, DATABASE_URL=_pg_url(index_db)), json.dumps(info)


def _in_child(args, where, step: str):
    """Run a build step in a child process on that database; its timings."""
    env = dict(os.environ)
    if isinstance(where, Path):
        where.mkdir(parents=True, exist_ok=True)
        env["KB_DATA_DIR"] = str(where)
    else:
        env["DATABASE_URL"] = _pg_url(where)
    command = [sys.executable, __file__, "--child", step, "--claims", str(args.claims),
               "--seed", str(args.seed)]  # fmt: skip
    output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def step_generate(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("migrate", *BASE_MIGRATION, verbosity=0)
    started = time.perf_counter()
    generate(args.claims, args.seed)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps(round(time.perf_counter() - started, 1)))


def step_index(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from notes.search import rebuild_index

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rebuild_index()
    index_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({"index_s": round(index_s, 1), "index_mb": round(index_size_mb(), 1)}))


# --- measuring -------------------------------------------------------------------------------


def naive_page(make):
    """What a Paginator over the naive queryset runs: a full COUNT, then the newest 20."""

    def run():
        claims = make()
        return claims.count(), list(claims.order_by("-id").values_list("id", flat=True)[:20])

    return run


def step_measure(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from notes.search import search_claims

    setup_test_environment()
    info = json.loads(args.info)
    vendor = connection.vendor
    client = Client()
    rows = []
    print(f"[{vendor} {args.claims:,}] {info}", file=sys.stderr)
    header = (
        f"{'kind':<34} {'hits':>6} {'search p50/p95 cpu':>21} {'page p50/p95 cpu':>21} {'q':>2} "
        f"{'naive p50':>9} {'×':>6} {'load':>5}"
    )
    print(f"[{vendor} {args.claims:,}] {header}", file=sys.stderr)
    for kind, query, make_naive in SEARCHES:
        load = os.getloadavg()[0]
        search_times, page = timed(lambda q=query: search_claims(q), args.repeat)
        url = "/search/?" + ("q=" + quote(query) if query else "")
        statements: list[str] = []
        with connection.execute_wrapper(
            lambda run, sql, *rest, seen=statements: seen.append(sql) or run(sql, *rest)
        ):
            response = client.get(url)
        page_times, _ = timed(lambda u=url: client.get(u), args.repeat)
        naive_times, (naive_total, _ids) = timed(naive_page(make_naive), args.naive_repeat)
        row = {
            "kind": kind,
            "query": query,
            "hits": page.total_label,
            "naive_hits": naive_total,
            "search": stats(search_times),
            "page": {**stats(page_times), "status": response.status_code},
            "page_queries": len(statements),
            "naive": stats(naive_times),
            "load": round((load + os.getloadavg()[0]) / 2, 2),
        }
        row["naive_ratio"] = round(row["naive"]["p50_ms"] / row["search"]["p50_ms"], 1)
        rows.append(row)
        print(
            f"[{vendor} {args.claims:,}] {kind:<34} {row['hits']:>6} "
            f"{row['search']['p50_ms']:>7.1f}/{row['search']['p95_ms']:<7.1f}"
            f"{row['search']['cpu_p50_ms']:>6.1f} "
            f"{row['page']['p50_ms']:>7.1f}/{row['page']['p95_ms']:<7.1f}"
            f"{row['page']['cpu_p50_ms']:>6.1f} {row['page_queries']:>2} "
            f"{row['naive']['p50_ms']:>9.1f} {row['naive_ratio']:>6.1f} {row['load']:>5.2f}",
            file=sys.stderr,
            flush=True,
        )
    print(json.dumps({**info, "searches": rows}, ensure_ascii=False))


def growth(reports: list[dict]) -> None:
    """p95 of the larger corpus over the smaller, per vendor and kind."""
    by_vendor: dict[str, list[dict]] = {}
    for report in reports:
        by_vendor.setdefault(report["vendor"], []).append(report)
    for vendor, runs in by_vendor.items():
        runs.sort(key=lambda r: r["claims"])
        if len(runs) < 2:
            continue
        small, large = runs[0], runs[-1]
        print(f"[{vendor}] growth of p95, {small['claims']:,} → {large['claims']:,} claims")
        for before, after in zip(small["searches"], large["searches"], strict=True):
            search = after["search"]["p95_ms"] / before["search"]["p95_ms"]
            page = after["page"]["p95_ms"] / before["page"]["p95_ms"]
            print(f"  {before['kind']:<34} search ×{search:.2f}  page ×{page:.2f}")
            after["growth_p95"] = {"search": round(search, 2), "page": round(page, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per search kind")
    parser.add_argument("--naive-repeat", type=int, default=3, help="timed runs of each naive scan")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"], default=None)
    parser.add_argument("--cache", default="/tmp/kb-bench-search", help="where corpora are kept")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--child", choices=["generate", "index", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.claims = args.claims[0]
        setup_django()
        {"generate": step_generate, "index": step_index, "measure": step_measure}[args.child](args)
        return
    reports = []
    original = dict(os.environ)
    for claims in args.claims or [100_000]:
        for name in chosen_vendors(args.vendor):
            os.environ.clear()
            os.environ.update(original)
            env = child_env(name, args.cache)
            os.environ.clear()
            os.environ.update(env)
            run_args = argparse.Namespace(**{**vars(args), "claims": claims})
            measure_env, info = prepare_database(run_args)
            command = [sys.executable, __file__, "--child", "measure", "--claims", str(claims),
                       "--repeat", str(args.repeat), "--naive-repeat", str(args.naive_repeat),
                       "--info", info]  # fmt: skip
            output = subprocess.run(command, env=measure_env, check=True, stdout=subprocess.PIPE)
            reports.append(json.loads(output.stdout.decode().strip().splitlines()[-1]))
    growth(reports)
    if args.json:
        Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
