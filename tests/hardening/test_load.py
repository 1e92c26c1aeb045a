"""gunicorn (2 workers) under 16 concurrent clients for 10 s: no errors, workers' memory flat.

scripts/load_test.py runs the issue's figure (wrk, 64 connections, 60 s) and writes it into
docs/benchmarks.md; this is the small version every run of the suite makes.
"""

import pytest

from tests.hardening.child_db import create_database, vendors
from tests.hardening.serving import public_paths, run_load, start_gunicorn

pytestmark = pytest.mark.slow
GROWTH_BOUND_KB = 64 * 1024  # generous: a leak of a few kB a request over thousands would pass it


@pytest.mark.parametrize("vendor", vendors())
def test_sixteen_clients_for_ten_seconds_get_no_errors_and_memory_stays_flat(vendor):
    database = create_database(vendor)
    server = None
    try:
        database.manage("load_demo")
        server = start_gunicorn(database, workers=2)
        paths = public_paths(database)
        assert len(paths) == 4
        warm = run_load(server.port, paths, connections=4, seconds=2)  # caches, lazy imports
        before = server.workers_rss_kb()

        load = run_load(server.port, paths, connections=16, seconds=10)
        after = server.workers_rss_kb()
        print(load.summary(), f"workers' RSS {before} kB → {after} kB")

        assert warm.errors == [] and load.errors == []
        assert load.requests >= 16
        assert after - before < GROWTH_BOUND_KB
        assert "Traceback" not in server.log.read_text(errors="replace")
    finally:
        if server is not None:
            server.stop()
        database.drop()
