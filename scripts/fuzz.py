"""The full fuzz sweep: the importer fuzz tests at 2,500 random cases each (10,000 in all), and the
query-parameter fuzz of every public page and API endpoint at 500 random queries.

The default suite runs the same tests on a small fixed sample; this runs them with
KB_FUZZ_EXAMPLES / KB_FUZZ_QUERIES set and prints the figures. Usage:
    .venv/bin/python scripts/fuzz.py [--cases 2500] [--queries 500]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTER_TESTS = ["tests/hardening/test_fuzz_importer.py", "tests/hardening/test_fuzz_pipeline.py"]
QUERY_TESTS = ["tests/hardening/test_query_params.py::test_no_query_string_gives_a_500"]


def run(tests: list[str], env: dict[str, str]) -> tuple[int, float]:
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    command += ["--hypothesis-show-statistics"]
    code = subprocess.call(command, cwd=ROOT, env={**os.environ, **env})
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2500, help="random cases per importer test")
    parser.add_argument("--queries", type=int, default=500, help="random query strings")
    args = parser.parse_args()
    code_i, seconds_i = run(IMPORTER_TESTS, {"KB_FUZZ_EXAMPLES": str(args.cases)})
    code_q, seconds_q = run(QUERY_TESTS, {"KB_FUZZ_QUERIES": str(args.queries)})
    print(
        f"importer: 4 tests x {args.cases:,} cases: {'ok' if code_i == 0 else 'FAILED'} in {seconds_i:.0f} s"
    )
    print(
        f"query parameters: {args.queries:,} query strings on every public URL: "
        f"{'ok' if code_q == 0 else 'FAILED'} in {seconds_q:.0f} s"
    )
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}")
    return code_i or code_q


if __name__ == "__main__":
    raise SystemExit(main())
