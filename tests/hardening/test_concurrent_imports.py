"""4 import processes and 8 HTTP readers on one database for 20 s: no lock error, no lost import.

scripts/concurrency_drill.py runs the issue's 60 s and prints the readers' p95; the drill is
tests/hardening/crowd_drill.py.
"""

import pytest

from tests.hardening.child_db import vendors
from tests.hardening.crowd_drill import run_crowd_drill

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("vendor", vendors())
def test_importers_and_readers_together_lose_nothing(tmp_path, vendor):
    figures = run_crowd_drill(vendor, importers=4, readers=8, seconds=20, workdir=tmp_path)
    print(figures["reader"])

    assert figures["problems"] == [], "\n".join(p[-1500:] for p in figures["problems"])
    assert figures["files_imported"] >= 4  # the importers did get work done
    assert figures["reader"]["requests"] > 0
    assert figures["reader"]["errors"] == 0
