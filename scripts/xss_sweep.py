"""The executed-XSS sweep over every payload line of ../shared/badinput/ (patt/ and cujanovic) and
every page that shows them, in Chromium: runs tests/browser/test_xss_executed.py unsampled.

    .venv/bin/python scripts/xss_sweep.py [--lines N] [--per-kind N] [--per-note N]

--lines 0 (the default) takes every distinct line; --per-kind 0 (the default) opens every page of
each kind. It takes long (hours on a shared 2-core machine); run it with `nice` in the background.
Prints the figures: payload lines, pages by kind, synthetic events, executions, time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=0, help="payload lines (0: all)")
    parser.add_argument("--per-kind", type=int, default=0, help="pages of each kind (0: all)")
    parser.add_argument("--per-note", type=int, default=5, help="payload lines in one note")
    args = parser.parse_args()
    env = dict(
        os.environ,
        KB_XSS_SAMPLE=str(args.lines),
        KB_XSS_PAGES_PER_KIND=str(args.per_kind),
        KB_XSS_PER_NOTE=str(args.per_note),
        KB_REQUIRE_BROWSER="1",
    )
    command = [
        sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
        "tests/browser/test_xss_executed.py::test_no_payload_runs_on_any_page",
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
