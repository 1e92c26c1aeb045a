"""A disk that fills during an import: one sentence naming the file, no traceback, nothing half-written.

The SQLite database sits on a 2 MB tmpfs when this process may mount one (root, outside a restricted
container); otherwise SQLite's ``PRAGMA max_page_count`` caps the file a few pages above its size, which
fails the same way (SQLITE_FULL, "database or disk is full"). The earlier files must stay whole, the
file that did not fit must be absent, and once there is room again a re-run imports the rest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.hardening.child_db import PROJECT, ChildDatabase, create_database
from tests.hardening.drill_corpus import write_corpus

pytestmark = pytest.mark.slow
FILES = 24
IMPORTED = re.compile(r"^imported\s+(\S+) → .* \((\d+) claims?\)$", re.M)
FULL = "could not be imported: the database or disk is full, so nothing of it was written."

# The command line as manage.py runs it, after capping the database file at a page budget.
_CAPPED_IMPORT = """
import sys, django
django.setup()
from django.core.management import ManagementUtility
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA page_count")
    pages = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages + int(sys.argv[1])}")
ManagementUtility(["manage.py", "import_summaries", *sys.argv[2:]]).execute()
"""


def mount_tmpfs(size: str) -> Path | None:
    """A fresh tmpfs of ``size`` (e.g. "2m"), or None when this process may not mount."""
    folder = Path(tempfile.mkdtemp(prefix="kb-full-"))
    if not shutil.which("mount"):
        return None
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return folder if done.returncode == 0 else None


def import_on_full_storage(database: ChildDatabase, corpus: Path, how: str):
    """Run the command-line import where the storage fills; returns (process, free_space)."""
    if how == "tmpfs":
        mount = mount_tmpfs("2m")
        if mount is None:
            pytest.skip("this process may not mount a tmpfs (the max_page_count case still runs)")
        shutil.copy(database.sqlite_path, mount / "kb.sqlite3")
        full = ChildDatabase("sqlite", mount)
        done = full.manage("import_summaries", str(corpus), check=False)

        def free_space():
            shutil.copy(mount / "kb.sqlite3", database.sqlite_path)
            for suffix in ("-wal", "-shm"):
                wal = mount / f"kb.sqlite3{suffix}"
                if wal.exists():
                    shutil.copy(wal, database.folder / wal.name)
            subprocess.run(["umount", str(mount)], check=True)
            mount.rmdir()

        return done, free_space
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED_IMPORT, "40", str(corpus)],
        cwd=PROJECT,
        env=database.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return done, lambda: None  # the cap lasted only for that connection


@pytest.fixture(scope="module")
def migrated():
    database = create_database("sqlite")
    yield database
    database.drop()


@pytest.mark.parametrize("how", ["tmpfs", "max_page_count"])
def test_a_full_disk_fails_one_file_in_one_sentence_and_keeps_the_others(tmp_path, how, migrated):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, FILES, seed=3)
    database = migrated.clone()
    try:
        done, free_space = import_on_full_storage(database, corpus, how)
        free_space()
        output = done.stdout + done.stderr

        assert done.returncode == 1, output
        assert "Traceback" not in output, f"{how}: {output[-3000:]}"
        failed = [line for line in done.stdout.splitlines() if FULL in line]
        assert len(failed) == 1, f"{how}: {output[-3000:]}"
        failing_name = failed[0].split()[1].removesuffix(":")
        assert failed[0] == f"failed    {failing_name}: {FULL}"
        assert f"The import stopped at {failing_name}: the database or disk is full" in done.stderr
        reported = {name: int(claims) for name, claims in IMPORTED.findall(done.stdout)}
        assert reported, f"{how}: the storage should hold a few files first"

        state = database.inspect()
        assert database.integrity() == "ok"
        assert state["summaries"] == {name: [claims] for name, claims in reported.items()}
        assert failing_name not in state["summaries"]
        assert state["orphan_talks"] == 0

        again = database.manage("import_summaries", str(corpus))
        assert f"imported  {failing_name} → " in again.stdout
        assert f"unchanged {failing_name}" not in again.stdout
        assert len(database.inspect()["summaries"]) == FILES
    finally:
        database.drop()
