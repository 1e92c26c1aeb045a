"""Judge the importer on real notes: each file imported alone into a fresh database, fact by fact.

    .venv/bin/python scripts/judge_wild.py [FOLDER ...]    (default: ../shared/wild ../shared/wild2)

A folder holds notes and an ``expected.json`` (the format of ../shared/wild2/README.md). Prints each
wrong fact with what the import gave, then one line per folder: judged facts right / total. The same
judging runs in the test suite (tests/importer/test_wild_acceptance.py); this script is for reading.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.importer.wild_judging import judge_folder  # noqa: E402


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [
        ROOT.parent / "shared" / "wild",
        ROOT.parent / "shared" / "wild2",
    ]
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    for folder in folders:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["files"]
        verdicts = judge_folder(folder, expected)
        right = sum(1 for v in verdicts if v.ok)
        for verdict in verdicts:
            if not verdict.ok:
                print(f"  {verdict.name[:40]:40} {verdict.key:24} {verdict.problem}")
        print(
            f"{folder.name}: {right}/{len(verdicts)} facts right ({100 * right / len(verdicts):.1f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
