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


def test_a_statement_filtering_on_a_tag_is_planned_for_its_value_every_time():
    options = connection.settings_dict["OPTIONS"]
    if not connection.features.uses_server_side_binding or options["prepare_threshold"] is None:
        pytest.skip("DATABASE_URL turned server-side binding or preparing off")
    for tag_id in range(options["prepare_threshold"] + 2):
        list(Claim.objects.filter(tags__id=tag_id).values_list("pk", flat=True)[:5])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert not any("notes_taggedclaim" in statement for statement in statements)
