"""Concurrency drill: import processes and HTTP readers on one database at once.

    .venv/bin/python scripts/concurrency_drill.py [--seconds 60] [--importers 4] [--readers 8] [--vendor …]

Each importer imports its own batches of notes through the import command until the time is up; the
readers GET home, theme, talk and search pages from gunicorn (2 workers) on the same database. Checks
that no process saw "database is locked" and every file begun was imported exactly once; prints the
readers' requests/s and p50/p95/p99. SQLite always, PostgreSQL too when DATABASE_URL is set.
The suite runs 20 s of it (tests/hardening/test_concurrent_imports.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench_common import chosen_vendors  # noqa: E402

from tests.hardening.crowd_drill import run_crowd_drill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--importers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    failed = False
    for vendor in chosen_vendors(args.vendor):
        with tempfile.TemporaryDirectory(prefix="kb-crowd-") as folder:
            figures = run_crowd_drill(
                vendor, args.importers, args.readers, args.seconds, Path(folder)
            )
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        reader = figures["reader"]
        print(
            f"{vendor}: {args.importers} importers + {args.readers} readers for {args.seconds:g} s: "
            f"{figures['files_imported']} files imported, {len(figures['problems'])} problems; "
            f"readers {reader['requests']} requests, {reader['errors']} errors, "
            f"{reader['requests_per_s']} requests/s, p95 {reader['p95_ms']} ms."
        )
        failed = failed or bool(figures["problems"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
