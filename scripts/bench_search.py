"""Benchmark claim search on synthetic data. Not a test: it prints figures for docs/benchmarks.md.

    .venv/bin/python scripts/bench_search.py                  # 100,000 claims, SQLite
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_search.py   # SQLite, then PostgreSQL
    .venv/bin/python scripts/bench_search.py --claims 20000 --vendor sqlite

Each vendor runs in its own process against a throwaway database (a temp SQLite file; on
PostgreSQL a database named kb_bench_search, created and dropped). Claims are generated from a
seeded RNG: half Chinese, 30% English, 20% mixed, ~140 characters each, 1.5 tags per claim.
Figures are the median of --repeat runs of the whole search_claims() call (count, rank, load
claims, highlight), after one warm-up run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import child_env, chosen_vendors

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "kb_bench_search"

ZH_WORDS = [
    "模型",
    "能力",
    "人类",
    "学习",
    "数据",
    "训练",
    "预训练",
    "强化学习",
    "奖励",
    "价值函数",
    "情绪",
    "研究",
    "品味",
    "规模",
    "定律",
    "信息",
    "推理",
    "对齐",
    "安全",
    "智能",
    "经济",
    "机器人",
    "样本",
    "效率",
    "评测",
    "基准",
    "持续",
    "经验",
    "扩展",
    "算力",
    "问题",
    "方法",
    "系统",
    "未来",
    "时间线",
    "环境",
    "反馈",
    "目标",
    "理解",
    "世界",
    "语言",
    "代码",
    "工具",
    "记忆",
    "判断",
    "直觉",
    "证据",
    "实验",
    "结果",
    "差距",
    "速度",
    "成本",
]
ZH_GLUE = [
    "的",
    "是",
    "在",
    "和",
    "不",
    "很",
    "也",
    "更",
    "会",
    "能",
    "把",
    "让",
    "了",
    "比",
    "对",
    "从",
]
EN_WORDS = [
    "model",
    "models",
    "generalize",
    "generation",
    "generic",
    "data",
    "training",
    "pre-training",
    "reward",
    "value",
    "function",
    "emotion",
    "research",
    "taste",
    "scaling",
    "law",
    "laws",
    "reasoning",
    "alignment",
    "safety",
    "robot",
    "sample",
    "efficiency",
    "benchmark",
    "eval",
    "continual",
    "learning",
    "experience",
    "compute",
    "people",
    "human",
    "evidence",
    "intuition",
    "code",
    "memory",
    "judgement",
    "world",
    "language",
    "tool",
    "goal",
    "feedback",
    "cost",
    "speed",
    "gap",
    "result",
    "experiment",
]
EN_GLUE = [
    "the",
    "a",
    "of",
    "to",
    "is",
    "and",
    "in",
    "than",
    "worse",
    "better",
    "more",
    "less",
    "not",
    "very",
    "also",
    "can",
    "will",
]
KINDS = ["key_point"] * 3 + ["highlight"] + ["passage"] * 4 + ["dialogue"] * 2

QUERIES = [
    ("熵 (1 character, rare)", "熵"),
    ("泛化 (2 characters, common)", "泛化"),
    ("泛化能力 (4 characters)", "泛化能力"),
    ("generaliz (English prefix)", "generaliz"),
    ('"scaling laws" (phrase)', '"scaling laws"'),
    ("泛化 #tag", "泛化 #bench-tag-3"),
    ("熵 #tag", "熵 #bench-tag-3"),
    ("generaliz lang:en kind:key_point", "generaliz lang:en kind:key_point"),
    ("model -robot (exclusion)", "model -robot"),
    ("#tag only (newest list)", "#bench-tag-3"),
    ("speaker:… only (newest list)", "speaker:bench-speaker-7"),
    ("empty query (newest list)", ""),
]


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


def index_size_mb() -> float:
    from django.db import OperationalError, connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('notes_claimsearch')")
            return cursor.fetchone()[0] / 1e6
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
        try:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'notes_claimsearch%%'")
            return (cursor.fetchone()[0] or 0) / 1e6
        except OperationalError:  # dbstat is an optional SQLite module
            cursor.execute("PRAGMA page_count")
            return cursor.fetchone()[0] * page_size / 1e6


def run_child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

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

    from notes.models import Claim
    from notes.search import rebuild_index, search_claims

    vendor = connection.vendor
    started = time.perf_counter()
    generate(args.claims, args.seed)
    print(f"[{vendor}] generated {args.claims:,} claims in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    indexed = rebuild_index()
    build = time.perf_counter() - started
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"[{vendor}] indexed {indexed:,} claims in {build:.1f} s; index {index_size_mb():.0f} MB")
    print(f"[{vendor}] {'query':<36} {'total':>7} {'median ms':>10} {'min ms':>8}")
    for label, query in QUERIES:
        page = search_claims(query)  # warm-up
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            search_claims(query)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"[{vendor}] {label:<36} {page.total_label:>7} "
            f"{statistics.median(times):>10.1f} {min(times):>8.1f}"
        )
    for word in ("泛化", "generaliz"):
        times = []
        for _ in range(max(3, args.repeat // 2)):
            started = time.perf_counter()
            Claim.objects.filter(text__contains=word).count()
            times.append((time.perf_counter() - started) * 1000)
        print(f"[{vendor}] baseline LIKE count {word!r:<18} {statistics.median(times):>17.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"], default=None)
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
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
