"""SIGKILL an import at random moments, resume it each time, and check nothing is ever half-written.

Shared by tests/hardening/test_sigkill_imports.py (small) and scripts/fault_drill.py (300 files, 10
kills). One migrated database is cloned twice: a clean import gives each file's claim count and the
export to converge to; the other is killed ``kills`` times, each at a seeded random moment after the
import has begun, and checked after every kill: each file is whole or absent, the import log agrees
with what is in the database, no talk is left without its summary, and SQLite's integrity check says ok.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.hardening.child_db import ChildDatabase, create_database
from tests.hardening.drill_corpus import write_corpus

LOGGED_IN = {"imported", "updated", "unchanged"}


# The clean import runs to its end: it is only killed if it hangs.
CLEAN_IMPORT_TIMEOUT = 600.0


def run_kill_drill(vendor: str, files: int, kills: int, seed: int, workdir: Path) -> dict:
    """Run the drill; returns its figures and every problem found (an empty ``problems`` is a pass)."""
    corpus = workdir / "corpus"
    write_corpus(corpus, files, seed=seed)
    template = create_database(vendor)
    clean, killed = template.clone(), template.clone()
    template.drop()
    try:
        # The kills land in the window from the first file done to the end (start-up is not in
        # it), so the clean import is timed over that same window.
        clean_finished, clean_seconds = _import_and_kill(clean, corpus, delay=CLEAN_IMPORT_TIMEOUT)
        expected = {name: sorted(counts) for name, counts in clean.inspect()["summaries"].items()}
        problems: list[str] = []
        if not clean_finished:
            problems.append(f"the clean import did not end within {CLEAN_IMPORT_TIMEOUT:.0f} s")
        if len(expected) != files:
            problems.append(f"the clean import holds {len(expected)} files, not {files}")
        rng = random.Random(seed)
        mean_gap = clean_seconds / (kills + 1)
        kill_log = []
        for number in range(1, kills + 1):
            delay = rng.uniform(0.1, 2 * mean_gap)
            finished, _seconds = _import_and_kill(killed, corpus, delay)
            state = killed.inspect()
            whole = len(state["summaries"])
            kill_log.append({"kill": number, "after_s": round(delay, 2), "files_in": whole})
            problems += [f"after kill {number}: {p}" for p in check_state(killed, state, expected)]
            if finished:
                kill_log[-1]["note"] = "the import finished before the kill"
        final = killed.manage("import_summaries", str(corpus))
        state = killed.inspect()
        problems += [f"after the final run: {p}" for p in check_state(killed, state, expected)]
        if len(state["summaries"]) != files:
            problems.append(f"the final run holds {len(state['summaries'])} files, not {files}")
        if "running" in state["runs"]:
            problems.append(f"runs left running: {state['runs']}")
        same_export = killed.export() == clean.export()
        if not same_export:
            problems.append("the resumed import's export differs from the clean import's")
        return {
            "vendor": vendor,
            "files": files,
            "kills": kill_log,
            "clean_seconds": round(clean_seconds, 1),
            "final_line": final.stdout.strip().splitlines()[-1],
            "runs": {status: state["runs"].count(status) for status in set(state["runs"])},
            "integrity": killed.integrity(),
            "same_export": same_export,
            "problems": problems,
        }
    finally:
        clean.drop()
        killed.drop()


def _import_and_kill(database: ChildDatabase, corpus: Path, delay: float) -> tuple[bool, float]:
    """Start the import, SIGKILL it ``delay`` s after its first file is done.

    Returns whether it ended before the kill, and the seconds from its first file to its end."""
    process = database.popen(
        "import_summaries",
        str(corpus),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env_extra={"PYTHONUNBUFFERED": "1"},
    )
    first_line = threading.Event()

    def watch():
        for _line in process.stdout:
            first_line.set()
        first_line.set()

    reader = threading.Thread(target=watch, daemon=True)
    reader.start()
    first_line.wait(timeout=120)  # the process has started and is importing
    window_start = time.monotonic()
    try:
        process.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        finished = False
    window = time.monotonic() - window_start
    reader.join(timeout=10)
    return finished, window


def check_state(database: ChildDatabase, state: dict, expected: dict[str, list]) -> list[str]:
    """Every problem in ``state``: partial files, a log that disagrees, orphan talks, corruption.

    A file holding several episodes has a summary per episode: all of them, or none, must be there.
    """
    problems = []
    for name, counts in state["summaries"].items():
        if sorted(counts) != expected.get(name):
            problems.append(f"{name} holds {counts} claims, a clean import {expected.get(name)}")
    logged = {name for name, outcomes in state["log"].items() if LOGGED_IN & set(outcomes)}
    if logged != set(state["summaries"]):
        unlogged = sorted(set(state["summaries"]) - logged)[:3]
        ghosts = sorted(logged - set(state["summaries"]))[:3]
        problems.append(
            f"the log disagrees: in but not logged {unlogged}, logged but absent {ghosts}"
        )
    if state["orphan_talks"]:
        problems.append(f"{state['orphan_talks']} talks without a summary")
    integrity = database.integrity()
    if integrity != "ok":
        problems.append(f"integrity check: {integrity}")
    return problems
