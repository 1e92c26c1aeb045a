"""Fault drill: SIGKILL a command-line import of many files at random moments, resuming each time.

    .venv/bin/python scripts/fault_drill.py [--files 300] [--kills 10] [--seed 10] [--vendor sqlite|postgresql|both]

After every kill each file must be whole (its claim count that of a clean import) or absent, the import
log must say which, no talk may be left without its summary and `PRAGMA integrity_check` must say ok;
a final re-run must export byte-for-byte what a clean import exports. Runs on a temporary SQLite
database and, when DATABASE_URL is set, on a temporary PostgreSQL database beside it. Prints the figures;
exits 1 if any check failed. The suite runs a small version (tests/hardening/test_sigkill_imports.py).
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

from tests.hardening.kill_drill import run_kill_drill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"])
    args = parser.parse_args()
    failed = False
    for vendor in chosen_vendors(args.vendor):
        with tempfile.TemporaryDirectory(prefix="kb-fault-") as folder:
            figures = run_kill_drill(vendor, args.files, args.kills, args.seed, Path(folder))
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        partial = sum(1 for p in figures["problems"] if "holds" in p)
        print(
            f"{vendor}: {args.files} files, {len(figures['kills'])} SIGKILLs, "
            f"{partial} partial files, integrity {figures['integrity']}, "
            f"export {'identical' if figures['same_export'] else 'DIFFERENT'} to a clean import, "
            f"{len(figures['problems'])} problems."
        )
        failed = failed or bool(figures["problems"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
