"""Public talks in listing order as an index: newest first, undated last, then by creation.

The talks list, its deep pages and the home page's recent talks order public talks by
``published DESC NULLS LAST, created DESC, id``. Without an index in that order both databases
sorted every public talk per request (16 ms at 10,000 talks, growing with them). PostgreSQL puts
NULLs first in a descending index unless told, and SQLite refuses ``NULLS LAST`` in an index but
puts NULLs last in a descending one by itself, so each gets its own statement. The index is not
in the model's Meta: Django would write ``NULLS LAST`` for SQLite too.
"""

from django.db import migrations

INDEX = "talk_listing_order"
COLUMNS = {
    "postgresql": "published DESC NULLS LAST, created DESC, id",
    "sqlite": "published DESC, created DESC, id",
}


def forwards(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON notes_talk ({columns}) WHERE public"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("notes", "0016_speaker_theme_counts")]
    operations = [migrations.RunPython(forwards, backwards)]
