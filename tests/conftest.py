"""Shared fixtures. Test data from the person and the wild is read from ../shared/ at test time."""

from pathlib import Path

import pytest
from django.test import Client

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"
SAMPLES_DIR = SHARED_DIR / "samples"
WILD_DIR = SHARED_DIR / "wild"
WILD2_DIR = SHARED_DIR / "wild2"
BADINPUT_DIR = SHARED_DIR / "badinput"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is not here: the shared test data sits beside the checkout")
    return SHARED_DIR


@pytest.fixture(autouse=True)
def _seeded_speakers(request):
    """Migration 0006 seeds well-known speakers and aliases (Dwarkesh Patel / Dwarkesh, …).

    The importer's tests keep them, as a fresh knowledge base holds them. Tests elsewhere build their
    own people with factories ("Ilya Sutskever" with slug "ilya" and alias "伊利亚"), so they start from
    a knowledge base whose curator removed the seeded speakers. Mark a test ``seeded_speakers`` to keep them.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in names
    uses_db = marker is not None or {"db", "transactional_db", "admin_client"} & names
    keep = "importer" in request.node.path.parts or request.node.get_closest_marker(
        "seeded_speakers"
    )
    if not uses_db or keep:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from notes.models import Speaker

    Speaker.objects.all().delete()


class RecountingClient(Client):
    """A test client that brings the counter rows up to date before each request.

    Tests build data with factories, which bypass the services that keep the counters
    (notes.services.counters); tests/services/test_counters.py checks those services themselves.
    """

    def request(self, **request):
        from notes.services.counters import recount_all

        recount_all()
        return super().request(**request)


@pytest.fixture
def client():
    return RecountingClient()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached public page: a rolled-back test leaves the content
    generation's stamp as it found it, so a page cached by one test would match in the next."""
    from django.core.cache import caches

    from notes.page_cache import CACHE_ALIAS

    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def _fresh_search_statistics():
    """PostgreSQL searches choose how to read the index from word statistics a process keeps
    for a while (notes.search.backends.pg_route): each test's own data decides, and a test's
    query count does not depend on which test ran before it."""
    from notes.search.backends.pg_route import forget_statistics

    forget_statistics()
    yield
    forget_statistics()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, no autovacuum on the test database's tables.

    Every rolled-back test leaves dead rows, so autovacuum would visit the tables at moments no test
    chooses, and a table's pages and its row count in ``pg_class`` (written outside transactions)
    would differ from run to run. The plan tests start from fresh table files
    (tests/site/test_query_plans.fresh_tables) and run ``ANALYZE`` themselves.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = false,"
                    " toast.autovacuum_enabled = false)', schemaname, tablename)"
                    " FROM pg_tables WHERE schemaname = current_schema()"
                )
                for (statement,) in cursor.fetchall():
                    cursor.execute(statement)
