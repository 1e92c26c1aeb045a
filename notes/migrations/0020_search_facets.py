"""PostgreSQL: indexes for searches narrowed by language or kind, and for the title match.

* One partial index per language and per kind on notes_claimsearch: the claim ids of the public
  index rows whose document carries that filter token (``~langen``, ``~kindkeypoint``), newest
  first. A common word narrowed by ``lang:``/``kind:`` was read by walking every public index row
  newest first until the count cap was met (``generaliz lang:en kind:key_point``: ~20,000 rows at
  a million claims); along the index of its rarest filter the walk only reads rows that pass it
  (see notes/search/backends/pg_route.py, route ``facet``). A point's document holds both
  partners' languages and kinds, so the filter is read from the document, not from notes_claim.
* A covering index of notes_claim's id with the columns a search's visibility check reads of each
  hit (talk, status, kind: notes/search/backends/base.py joins up to the count cap's 1,001 hits
  to their claims): an index-only lookup where the heap row (the claim's text, a few hundred
  bytes) was read before, scattered over the whole table at a million claims.
* A trigram GIN index (pg_trgm) on notes_talk.title_key, which the title match (``LIKE
  '%word%'``, notes/search/searching.py) is answered from instead of reading every talk's key.

The indexes are not model indexes (a partial index over a tsquery match, a covering index SQLite
has no use for, an operator class of an extension), so Django's state does not change and
makemigrations stays clean. SQLite: nothing (FTS5 filters inside its MATCH and its index rowid is
the claim's; ten thousand title keys are read from their own index). Backwards drops the
indexes; the pg_trgm extension stays (dropping it could break other users of it).
"""

from django.db import migrations

# Every value of Claim.language and Claim.kind, as notes.search.plan writes their filter tokens
# (tests/search/test_search_facets.py checks this list against the models).
FACET_TOKENS = (
    "langzh",
    "langen",
    "langmixed",
    "langother",
    "kindkeypoint",
    "kindhighlight",
    "kinddialogue",
    "kindpassage",
)


def index_name(token: str) -> str:
    return f"notes_claimsearch_{token}"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for token in FACET_TOKENS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(token)} ON notes_claimsearch (claim_id) "
            f"WHERE public AND document @@ '''~{token}'''::tsquery"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS notes_claim_visible ON notes_claim (id) "
        "INCLUDE (talk_id, status, kind)"
    )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS notes_talk_title_key_trgm ON notes_talk "
        "USING gin (title_key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for token in FACET_TOKENS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(token)}")
    schema_editor.execute("DROP INDEX IF EXISTS notes_claim_visible")
    schema_editor.execute("DROP INDEX IF EXISTS notes_talk_title_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("notes", "0019_tag_pairs")]
    operations = [migrations.RunPython(forwards, backwards)]
