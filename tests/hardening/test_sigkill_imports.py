"""SIGKILL the command-line import at random (seeded) moments and resume: nothing half-written.

A small drill for every run of the suite; scripts/fault_drill.py runs the issue's 300 files and 10
kills and prints the figures. The drill itself (and what it checks after each kill) is
tests/hardening/kill_drill.py.
"""

import pytest

from tests.hardening.child_db import vendors
from tests.hardening.kill_drill import run_kill_drill

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("vendor", vendors())
def test_killed_imports_leave_whole_files_and_converge_to_a_clean_import(tmp_path, vendor):
    figures = run_kill_drill(vendor, files=30, kills=3, seed=10, workdir=tmp_path)

    assert figures["problems"] == [], "\n".join(p[-1500:] for p in figures["problems"])
    assert figures["same_export"]
    assert figures["integrity"] == "ok"
    assert figures["runs"].get("interrupted", 0) >= 1  # at least one kill landed mid-import
    assert figures["runs"].get("running", 0) == 0
