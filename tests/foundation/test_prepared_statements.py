"""On PostgreSQL statements are bound on the server and prepared once a connection has run them a few times."""

import pytest
from django.db import connection

from notes.models import Claim, Tag

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"
    ),
]


def test_a_statement_run_often_on_one_connection_is_prepared_on_the_server():
    options = connection.settings_dict["OPTIONS"]
    if not connection.features.uses_server_side_binding or options["prepare_threshold"] is None:
        pytest.skip("DATABASE_URL turned server-side binding or preparing off")
    threshold = options["prepare_threshold"]
    for slug in [f"prepared-{n}" for n in range(threshold + 1)]:
        list(Tag.objects.filter(slug=slug).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "notes_tag"' in statement for statement in statements)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_filtering_on_a_tag_is_never_prepared_for_another_tag():
    options = connection.settings_dict["OPTIONS"]
    if not connection.features.uses_server_side_binding or options["prepare_threshold"] is None:
        pytest.skip("DATABASE_URL turned server-side binding or preparing off")
    runs = options["prepare_threshold"] + 2
    for tag_id in range(runs):
        list(Claim.objects.filter(tags__id=tag_id).values_list("pk", flat=True)[:5])
    assert not any("notes_taggedclaim" in statement for statement in _prepared_statements())
    for _ in range(runs):  # one tag asked again and again: its own plan, kept
        list(Claim.objects.filter(tags__id=424242).values_list("pk", flat=True)[:5])
    tagged = [s for s in _prepared_statements() if "notes_taggedclaim" in s]
    assert len(tagged) == 1
    assert "424242" in tagged[0] and "$1" not in tagged[0]


def test_connections_run_without_jit_or_parallel_workers():
    if "options" in connection.settings_dict["OPTIONS"] and "parallel" not in str(
        connection.settings_dict["OPTIONS"]["options"]
    ):
        pytest.skip("DATABASE_URL names its own server options")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    assert (jit, workers) == ("off", "0")
