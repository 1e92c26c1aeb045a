"""The claim search index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL.

Neither is a Django model: the index is written only through notes.search (index_claims,
remove_claims, rebuild_index). Besides the tokens, each row keeps whether the claim was public
when indexed, its rank tier (0 for key points and highlights) and its talk's published date, so
ranking needs no join. A delete trigger on notes_claim removes a deleted claim's row, so
cascades (a talk deleted) leave nothing behind; searches also join notes_claim, so a stale row could
never surface anyway. On PostgreSQL a TRUNCATE trigger keeps `manage.py flush` (and transactional
tests) working, which a foreign key from the index to notes_claim would break.
After migrating a database that already holds claims, run `manage.py rebuild_search_index`.
"""

from django.db import migrations

SQLITE_CREATE = [
    # Pre-tokenised text (see notes/search/tokenizer.py): unicode61 only splits on the spaces.
    "CREATE VIRTUAL TABLE IF NOT EXISTS notes_claimsearch USING fts5("
    "body, extra, meta, public UNINDEXED, tier UNINDEXED, published UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS notes_claimsearch_claim_deleted AFTER DELETE ON notes_claim "
    "BEGIN DELETE FROM notes_claimsearch WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS notes_claimsearch_claim_deleted",
    "DROP TABLE IF EXISTS notes_claimsearch",
]

POSTGRES_CREATE = [
    "CREATE TABLE IF NOT EXISTS notes_claimsearch ("
    "claim_id bigint PRIMARY KEY, document tsvector NOT NULL, public boolean NOT NULL DEFAULT false, "
    "tier smallint NOT NULL DEFAULT 1, published date NULL)",
    "CREATE INDEX IF NOT EXISTS notes_claimsearch_document_gin ON notes_claimsearch USING gin (document)",
    "CREATE OR REPLACE FUNCTION notes_claimsearch_forget_claim() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM notes_claimsearch WHERE claim_id = OLD.id; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION notes_claimsearch_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN TRUNCATE notes_claimsearch; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS notes_claimsearch_claim_deleted ON notes_claim",
    "CREATE TRIGGER notes_claimsearch_claim_deleted AFTER DELETE ON notes_claim "
    "FOR EACH ROW EXECUTE FUNCTION notes_claimsearch_forget_claim()",
    "DROP TRIGGER IF EXISTS notes_claimsearch_claims_truncated ON notes_claim",
    "CREATE TRIGGER notes_claimsearch_claims_truncated AFTER TRUNCATE ON notes_claim "
    "FOR EACH STATEMENT EXECUTE FUNCTION notes_claimsearch_forget_all()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS notes_claimsearch_claim_deleted ON notes_claim",
    "DROP TRIGGER IF EXISTS notes_claimsearch_claims_truncated ON notes_claim",
    "DROP FUNCTION IF EXISTS notes_claimsearch_forget_claim()",
    "DROP FUNCTION IF EXISTS notes_claimsearch_forget_all()",
    "DROP TABLE IF EXISTS notes_claimsearch",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def _run(schema_editor, which):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        return  # other databases have no search backend; notes.search says so when used
    for sql in statements[which]:
        schema_editor.execute(sql)


def create_search_index(apps, schema_editor):
    _run(schema_editor, 0)


def drop_search_index(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("notes", "0002_seed_themes")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
