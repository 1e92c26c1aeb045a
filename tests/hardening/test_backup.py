"""Threat: data loss. Every curation survives export → fresh database → restore, and a backup
(export plus byte-level copy) restores into a fresh database to an identical export, on SQLite and
on PostgreSQL (the suite's database: set DATABASE_URL to run the PostgreSQL side).
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, Talk
from notes.services.backup import (
    EXPORT_FILE,
    MANIFEST_FILE,
    BackupError,
    clear_knowledge_base,
    holds_content,
    make_backup,
    restore_backup,
)
from notes.services.database_copy import copy_file_name, database_kind, postgres_tool
from notes.services.export import build_export, export_json
from tests.hardening.curated_kb import Curation, build_curated_kb
from tests.importer.parsed_builders import make_document, make_talk

pytestmark = pytest.mark.seeded_speakers


@pytest.fixture
def seeded(transactional_db):
    """The migrations' seeds (themes, speakers, glossary), which an earlier transactional test's
    flush removed. (serialized_rollback clashed with content types recreated after such a flush.)"""
    from importlib import import_module

    from django.apps import apps as django_apps

    from notes.models import Tag

    if not Tag.objects.filter(is_theme=True).exists():
        import_module("notes.migrations.0002_seed_themes").seed_themes(django_apps, None)
        import_module("notes.migrations.0006_seed_speakers").seed_speakers(django_apps, None)
        import_module("notes.migrations.0010_reading").seed(django_apps, None)


# pg_dump reads committed rows only: these tests commit, and the seeded fixture puts the seeds back.
COMMITTED = pytest.mark.usefixtures("seeded")


def curation_in_export(data: dict, curation: Curation) -> None:
    """Each kind of curation is in the export (so an identical re-export proves it came back)."""
    claims = [claim for talk in data["talks"] for claim in talk["claims"]]
    edited = next(c for c in claims if c["text"] == curation.edited_text)
    assert "text" in edited["curated_fields"]
    assert any(t["by_curator"] for t in edited["tagging"])
    assert next(c for c in claims if c["text"] == curation.hidden_text)["status"] == "hidden"
    assert sum(1 for c in claims if c["translation"] is not None) >= 2
    assert any(r["note"] == curation.relation_note for r in data["relations"])
    redirects = {(r["kind"], r["old_slug"]) for r in data["slug_redirects"]}
    assert ("talk", curation.merged_talk_slug) in redirects
    assert ("speaker", curation.merged_speaker_slug) in redirects
    assert ("tag", curation.merged_tag_slug) in redirects
    assert any(curation.alias in s["aliases"] for s in data["speakers"])
    assert data["dismissed_speaker_pairs"]
    assert curation.glossary_english in [g["english"] for g in data["glossary"]]
    theme = next(t for t in data["tags"] if t["slug"] == curation.theme_slug)
    assert theme["description_zh"] == curation.description_zh
    assert theme["patterns"]
    assert {"alias": curation.tag_alias, "tag": curation.theme_slug} in data["tag_aliases"]
    first, second = (next(c for c in claims if c["text"] == t) for t in curation.split_parts)
    assert second["split_from"] == first["id"] and first["split_from"] is None
    statuses = {s["status"] for s in data["duplicate_suggestions"]}
    assert {"merged", "dismissed"} <= statuses


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
# What a restore from the export legitimately changes: database ids in links and anchors
# (claims/12/, section-3, summary-4, "id": 5), creation times (not exported), and the order of a
# talk's tags (pages and API list them in the order their rows were created).
DATABASE_IDS = re.compile(r'(claims?[/-]|section-|summary-|"id": )\d+')
CREATED = re.compile(r'"created": "[^"]*"')
CHIP = re.compile(r'<li><a class="chip[^"]*" href="[^"]*">[^<]*</a></li>')
CHIP_ROW = re.compile(f"(?:{CHIP.pattern})+")


def tags_sorted(data):
    """The API's data with every "tags" list sorted."""
    if isinstance(data, list):
        return [tags_sorted(item) for item in data]
    if isinstance(data, dict):
        return {
            k: sorted(v, key=json.dumps) if k == "tags" else tags_sorted(v) for k, v in data.items()
        }
    return data


def neutral(body: str, is_json: bool) -> str:
    """``body`` without what a restore from the export changes (see DATABASE_IDS above)."""
    if is_json:
        body = json.dumps(tags_sorted(json.loads(body)), ensure_ascii=False)
    body = CHIP_ROW.sub(lambda row: "".join(sorted(CHIP.findall(row.group()))), body)
    return CREATED.sub('"created": ""', DATABASE_IDS.sub(r"\1N", body))


def public_views(client, curation: Curation, from_export: bool = False) -> dict[str, str]:
    """What a reader sees (pages, old addresses, search, the API), CSRF tokens left out;
    ``from_export`` also leaves out what a restore from the export changes."""
    urls = [
        "/",
        f"/talks/{curation.surviving_talk_slug}/",
        f"/talks/{curation.merged_talk_slug}/",
        f"/themes/{curation.theme_slug}/",
        f"/themes/{curation.merged_tag_slug}/",
        f"/speakers/{curation.merged_speaker_slug}/",
        f"/search/?q=speaker:{curation.alias}",
        f"/search/?q={curation.glossary_english}",
        f"/search/?q=tag:{curation.tag_alias}",
        f"/api/talks/{curation.surviving_talk_slug}/",
    ]
    if not from_export:
        urls.append("/feeds/claims/")  # newest first: by creation time, which the export leaves out
    seen = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        body = response.content.decode() if response.status_code == 200 else response["Location"]
        body = CSRF.sub("", body)
        if from_export and response.status_code == 200:
            body = neutral(body, response["Content-Type"].startswith("application/json"))
        seen[url] = f"{response.status_code} {body}"
    return seen


@pytest.mark.slow
@pytest.mark.django_db
def test_every_curation_survives_export_and_restore(shared_dir, client):
    curation = build_curated_kb()
    first = export_json()
    curation_in_export(json.loads(first), curation)
    before = public_views(client, curation, from_export=True)
    clear_knowledge_base()
    assert not holds_content()

    result = import_sources([SourceFile("kb-export.json", first.encode())])

    assert result.imported == 1, result.files[0].message
    assert export_json() == first
    after = public_views(client, curation, from_export=True)
    assert after == before
    assert curation.description_zh in after[f"/themes/{curation.theme_slug}/"]
    assert after[f"/talks/{curation.merged_talk_slug}/"].startswith("301 ")


def small_kb() -> None:
    from notes.importer.persist import PersistContext, persist_document
    from notes.models import GlossaryTerm

    persist_document(make_document("a.md"), PersistContext())
    second = make_talk(title="Another talk", url="https://example.org/x", points=["Robots learn."])
    persist_document(make_document("b.md", second), PersistContext())
    claim = Claim.objects.order_by("pk").first()
    claim.status = Claim.Status.HIDDEN
    claim.save()
    GlossaryTerm.objects.create(english="robot", chinese="机器人")


def pretend_other_database(folder) -> None:
    """Make the backup look as if taken from the other kind of database: only its export fits."""
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["database"] = "postgresql" if database_kind() == "sqlite" else "sqlite"
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))


@COMMITTED
def test_a_backup_restores_into_a_fresh_database_from_its_byte_level_copy(tmp_path):
    small_kb()
    first = export_json()
    folder = make_backup(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [EXPORT_FILE, MANIFEST_FILE, copy_file_name(database_kind())]
    )
    clear_knowledge_base()

    restored = restore_backup(folder)

    assert restored.source == copy_file_name(database_kind())
    assert export_json() == first
    assert Claim.objects.filter(status="hidden").count() == 1


@COMMITTED
def test_a_backup_of_the_other_database_kind_restores_from_its_export(tmp_path):
    small_kb()
    first = export_json()
    folder = make_backup(tmp_path)
    pretend_other_database(folder)
    clear_knowledge_base()

    restored = restore_backup(folder)

    assert restored.source == EXPORT_FILE
    assert export_json() == first


@COMMITTED
def test_restore_refuses_a_database_with_content_unless_forced(tmp_path):
    small_kb()
    folder = make_backup(tmp_path)
    first = export_json()
    Talk.objects.filter(slug=Talk.objects.order_by("slug").first().slug).delete()
    changed = export_json()

    with pytest.raises(BackupError) as refused:
        restore_backup(folder)

    message = str(refused.value)
    assert "FORCE=1" in message and message.count(". ") == 0 and message.endswith(".")
    assert export_json() == changed
    restore_backup(folder, force=True)
    assert export_json() == first


@COMMITTED
def test_forcing_the_export_path_replaces_what_is_there(tmp_path):
    small_kb()
    folder = make_backup(tmp_path)
    first = export_json()
    pretend_other_database(folder)
    Claim.objects.update(status="reviewed")

    restore_backup(folder, force=True)

    assert export_json() == first


@COMMITTED
def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    small_kb()
    folder = make_backup(tmp_path)
    clear_knowledge_base()
    export = folder / EXPORT_FILE
    export.write_bytes(export.read_bytes().replace(b"Robots", b"Rabbits"))
    pretend_other_database(folder)

    with pytest.raises(BackupError, match="does not match its sha256"):
        restore_backup(folder)

    assert not holds_content()


@COMMITTED
def test_the_commands_back_up_and_refuse_in_one_sentence(tmp_path, capsys):
    small_kb()
    call_command("backup", into=str(tmp_path))
    (folder,) = tmp_path.iterdir()
    assert f"Backed up to {folder}." in capsys.readouterr().out

    with pytest.raises(CommandError, match="already holds talks or curation"):
        call_command("restore_backup", str(folder))
    with pytest.raises(CommandError, match="not a kb backup"):
        call_command("restore_backup", str(tmp_path))


@pytest.mark.slow
@COMMITTED
def test_a_backup_of_every_curation_restores_identically(shared_dir, tmp_path, client):
    curation = build_curated_kb()
    first = export_json()
    before = public_views(client, curation)
    folder = make_backup(tmp_path)
    clear_knowledge_base()

    restore_backup(folder)

    assert export_json() == first
    assert public_views(client, curation) == before
    clear_knowledge_base()
    pretend_other_database(folder)
    restore_backup(folder)
    assert export_json() == first
    assert build_export()["glossary"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL)")
def test_the_postgresql_tools_are_found_like_ci_finds_them():
    for tool in ("pg_dump", "pg_restore", "psql"):
        assert postgres_tool(tool).endswith(tool)
