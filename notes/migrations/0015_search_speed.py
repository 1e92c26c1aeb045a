"""The search index without its sort columns; on SQLite, visibility as a filter token.

Searches now order their capped hits by the claim's kind and its talk's date read from
notes_claim and notes_talk (which they join anyway to check visibility), so the index's ``tier``
and ``published`` columns go. On SQLite the ``public`` column goes too: rows that are not public
carry the filter token ``private`` instead, so FTS5 filters them inside the MATCH rather than by
reading each hit's stored row, and a table of the index's Latin words lets a prefix be read as
the words it starts (see notes/search/backends/sqlite.py). The SQLite table is re-created (FTS5 cannot drop a column) and
filled again; PostgreSQL only drops the two columns (its documents do not change).

Filling the index uses notes.search.rebuild_index, i.e. today's models: it reads only the claim,
talk, speaker, alias and tag columns the index is made of. ``manage.py rebuild_search_index``
rebuilds it the same way at any time.
"""

from django.db import migrations

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE notes_claimsearch USING fts5("
    "body, extra, meta, tokenize = 'unicode61 remove_diacritics 0')"
)
# Every Latin word in the index, so a prefix query can name the words it starts.
SQLITE_TERMS = "CREATE TABLE IF NOT EXISTS notes_searchterm (term TEXT PRIMARY KEY) WITHOUT ROWID"
SQLITE_OLD_TABLE = (
    "CREATE VIRTUAL TABLE notes_claimsearch USING fts5("
    "body, extra, meta, public UNINDEXED, tier UNINDEXED, published UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS notes_claimsearch_claim_deleted AFTER DELETE ON notes_claim "
    "BEGIN DELETE FROM notes_claimsearch WHERE rowid = old.id; END"
)


def _claims_exist(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM notes_claim)")
        return bool(cursor.fetchone()[0])


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE notes_claimsearch DROP COLUMN IF EXISTS tier, "
            "DROP COLUMN IF EXISTS published"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS notes_claimsearch")
        schema_editor.execute(SQLITE_TABLE)
        schema_editor.execute(SQLITE_TERMS)
        schema_editor.execute(SQLITE_TRIGGER)
        if _claims_exist(schema_editor):
            from notes.search import rebuild_index

            rebuild_index()


def backwards(apps, schema_editor):
    """The old shape, empty on SQLite: run the old code's rebuild_search_index after this."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE notes_claimsearch ADD COLUMN IF NOT EXISTS tier smallint NOT NULL "
            "DEFAULT 1, ADD COLUMN IF NOT EXISTS published date NULL"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS notes_claimsearch")
        schema_editor.execute("DROP TABLE IF EXISTS notes_searchterm")
        schema_editor.execute(SQLITE_OLD_TABLE)
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("notes", "0014_page_speed")]
    operations = [migrations.RunPython(forwards, backwards)]
