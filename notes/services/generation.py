"""The content generation: one stamp that every change to public content renews (notes.page_cache).

``refresh_counts`` renews it, so every service that changes claims, their tags or visibility does
(imports, curation, merges, the review queue); a successful change made through the admin renews it
as well (notes.page_cache.PublicPageCacheMiddleware), which covers renames, descriptions and deletes
that move no counter. Renewing is one UPDATE of one row, in the caller's transaction.
"""

from __future__ import annotations

import uuid

from django.db import connection

from notes.models import ContentGeneration

ROW = 1


def bump_generation() -> str:
    """Give public content a new stamp: every cached public page becomes stale. Returns it."""
    stamp = uuid.uuid4().hex
    # Plain SQL: every refresh_counts (each imported file) renews it, and compiling the ORM's
    # UPDATE cost more CPU than running it.
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET stamp = %s WHERE id = %s", [stamp, ROW])
        updated = cursor.rowcount
    if not updated:
        ContentGeneration.objects.update_or_create(pk=ROW, defaults={"stamp": stamp})
    return stamp


def current_generation() -> str:
    """The current stamp (one query); "" before the row exists.

    Plain SQL: every cached page asks this, and compiling the ORM's query cost more than running it.
    """
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stamp FROM {table} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    return row[0] if row else ""
