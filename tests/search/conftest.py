"""Fixtures for search tests: claims created through the factories and indexed explicitly."""

import pytest
from django.db import connection

from notes.search import index_claims
from tests.factories import ClaimFactory


@pytest.fixture
def indexed_claim(db):
    """Create a claim with ClaimFactory and index it, as the importer would."""

    def make(text: str, **fields):
        claim = ClaimFactory(text=text, **fields)
        index_claims([claim.id])
        return claim

    return make


@pytest.fixture
def index_rows(db):
    """How many rows the search index table holds (the same table name on both vendors)."""

    def count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM notes_claimsearch")
            return cursor.fetchone()[0]

    return count
