"""Importers and readers at once on one database: no "database is locked", no lost import.

Shared by tests/hardening/test_concurrent_imports.py (short) and scripts/concurrency_drill.py (60 s).
``importers`` processes each import their own batches of notes, one batch after another, until the
time is up; ``readers`` HTTP clients read home, theme, talk and search pages from gunicorn (2 workers,
threaded) on the same database meanwhile. Afterwards every file of every batch begun is imported
exactly once and logged once, and no process saw a locked database.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.hardening.child_db import PROJECT, create_database
from tests.hardening.drill_corpus import write_corpus
from tests.hardening.serving import public_paths, run_load, start_gunicorn

BATCH = 4
LOCKED = ("database is locked", "deadlock detected", "could not serialize")

# One importer: its batches in turn, each through the import command, until the deadline.
_IMPORTER = """
import io, json, sys, time, traceback
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
import notes.importer.extract  # the heavy imports before the clock starts
print("ready", flush=True)
deadline = time.time() + float(sys.stdin.readline())
done, errors = [], []
for batch in sys.argv[2:]:
    if time.time() >= deadline:
        break
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_summaries", batch, stdout=out, stderr=err)
    except (CommandError, Exception):
        errors.append(traceback.format_exc())
    errors += [line for line in (out.getvalue() + err.getvalue()).splitlines() if line.startswith("failed")]
    done.append(batch)
print(json.dumps({"batches": done, "errors": errors}))
"""


def run_crowd_drill(
    vendor: str, importers: int, readers: int, seconds: float, workdir: Path
) -> dict:
    """Run the drill; returns its figures and every problem found (an empty ``problems`` is a pass)."""
    database = create_database(vendor)
    server = None
    try:
        database.manage("load_demo")
        batches_each = int(seconds * 2 / BATCH) + 2  # more than an importer can do in the time
        batches = {
            n: [
                _batch(workdir / f"importer{n}" / f"b{b:03}", (n * batches_each + b) * BATCH)
                for b in range(batches_each)
            ]
            for n in range(importers)
        }
        server = start_gunicorn(database, workers=2, threads=max(1, readers // 2))
        paths = public_paths(database)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", _IMPORTER, *map(str, batches[n])],
                cwd=PROJECT,
                env=database.env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(importers)
        ]
        for process in processes:  # all started up: the clock starts for everyone at once
            process.stdout.readline()
        for process in processes:
            process.stdin.write(f"{seconds}\n")
            process.stdin.flush()
        load = run_load(server.port, paths, readers, seconds)
        outputs = [process.communicate(timeout=600) for process in processes]
        server.stop()
        server_log = server.log.read_text(errors="replace")
        server = None
        problems = []
        begun: list[Path] = []
        for n, (process, (stdout, stderr)) in enumerate(zip(processes, outputs, strict=True)):
            if process.returncode != 0:
                problems.append(f"importer {n} exited {process.returncode}: {stderr[-1500:]}")
                continue
            report = json.loads(stdout.strip().splitlines()[-1])
            begun += [Path(b) for b in report["batches"]]
            problems += [f"importer {n}: {e[-4000:]}" for e in report["errors"]]
            problems += [f"importer {n} stderr: {m}" for m in LOCKED if m in stderr]
        problems += [f"server: {m}" for m in LOCKED if m in server_log]
        if "Traceback" in server_log:
            problems.append(f"server log: {server_log[-1500:]}")
        problems += [f"reader: {e}" for e in load.errors[:5]]
        expected = {f"{b.name}/{p.name}" for b in begun for p in b.iterdir()}
        state = database.inspect()
        drill_names = {n for n in state["summaries"] if n.split("/")[0].startswith("b")}
        if drill_names != expected:
            lost = sorted(expected - drill_names)[:5]
            extra = sorted(drill_names - expected)[:5]
            problems.append(f"files lost {lost}, files unexpected {extra}")
        # A file holding several episodes has a summary per episode (part); twice is a part repeated.
        twice = [
            name
            for name, _part, copies in database.query(_REPEATED_PARTS)
            if name in drill_names and copies > 1
        ]
        logged_twice = [n for n in drill_names if state["log"].get(n) != ["imported"]]
        problems += [f"imported more than once: {twice[:5]}"] if twice else []
        problems += [f"not logged exactly once: {logged_twice[:5]}"] if logged_twice else []
        return {
            "vendor": vendor,
            "importers": importers,
            "readers": readers,
            "seconds": seconds,
            "files_imported": len(drill_names),
            "batches": len(begun),
            "reader": load.summary(),
            "paths": paths,
            "problems": problems,
        }
    finally:
        if server is not None:
            server.stop()
        database.drop()


def _batch(folder: Path, first: int) -> Path:
    write_corpus(folder, BATCH, seed=7, first=first)
    return folder


_REPEATED_PARTS = """
select source_name, part, count(*) from notes_summary group by source_name, part having count(*) > 1
"""
