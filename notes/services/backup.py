"""Backups of the knowledge base, and restoring one into a fresh database.

A backup is a folder ``backups/<UTC timestamp>/`` holding the kb export (``kb-export.json``, readable
by any kb on either database), a byte-level copy of the database (``kb.sqlite3`` or ``kb.pgdump``)
and ``manifest.json`` (database kind, export version, sha256 of each file). A restore checks the
sha256s, then replays the byte-level copy when it was taken from the same kind of database, else
restores the export. It refuses a database that already holds talks or curation unless forced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from notes.models import (
    Claim,
    DismissedSpeakerPair,
    DuplicateSuggestion,
    GlossaryTerm,
    SlugRedirect,
    Speaker,
    Tag,
    Talk,
)
from notes.services.database_copy import (
    copy_file_name,
    database_kind,
    restore_copy,
    write_copy,
)
from notes.services.export import VERSION, export_json

EXPORT_FILE = "kb-export.json"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = "kb-backup"
# What makes a database "not fresh": a fresh one holds only what migrations seed (themes, speakers,
# glossary terms), which a restore replaces with the backup's own.
CONTENT_MODELS = (Talk, Claim, SlugRedirect, DismissedSpeakerPair)


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message is one sentence for the user."""


@dataclass(frozen=True)
class Restored:
    folder: Path
    source: str  # the file restored from


def make_backup(root: Path, now: dt.datetime | None = None) -> Path:
    """Write a new backup folder under ``root`` and return it."""
    now = now or dt.datetime.now(dt.UTC)
    folder = _new_folder(root, now.strftime("%Y%m%dT%H%M%SZ"))
    (folder / EXPORT_FILE).write_text(export_json(), encoding="utf-8")
    copy = write_copy(folder)
    manifest = {
        "format": MANIFEST_FORMAT,
        "created": now.isoformat(timespec="seconds"),
        "database": database_kind(),
        "export_version": VERSION,
        "files": {path.name: _sha256(path) for path in (folder / EXPORT_FILE, copy)},
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder


def _new_folder(root: Path, stamp: str) -> Path:
    for attempt in range(1, 100):
        folder = root / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            continue
        return folder
    raise BackupError(f"{root}: too many backups named {stamp}.")


def holds_content() -> bool:
    """Whether the database holds talks or curation (a fresh one holds only the seeds, or nothing)."""
    if Talk._meta.db_table not in connection.introspection.table_names():
        return False
    return any(model.objects.exists() for model in CONTENT_MODELS)


def restore_backup(folder: Path, *, force: bool = False) -> Restored:
    """Restore the backup in ``folder`` into the current database (which must be fresh unless ``force``)."""
    manifest = read_manifest(folder)
    if holds_content() and not force:
        raise BackupError(
            "The database already holds talks or curation, so the restore stopped; "
            "restore into a fresh database, or force it (make restore FORCE=1, or --force)."
        )
    copy_name = copy_file_name(database_kind())
    if manifest["database"] == database_kind() and copy_name in manifest["files"]:
        restore_copy(folder / copy_name)
        call_command("migrate", interactive=False, verbosity=0)  # an older backup's schema
        return Restored(folder, copy_name)
    call_command("migrate", interactive=False, verbosity=0)
    _restore_export(folder / EXPORT_FILE)
    return Restored(folder, EXPORT_FILE)


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, after checking every file it lists against its sha256."""
    path = folder / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a kb backup (it has no {MANIFEST_FILE}).") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} cannot be read ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path} is not a kb backup manifest.")
    files = manifest.get("files")
    if not isinstance(files, dict) or EXPORT_FILE not in files:
        raise BackupError(f"{path} does not list the export {EXPORT_FILE}.")
    for name, digest in files.items():
        if Path(name).name != name:
            raise BackupError(f"{path} lists the file {name!r} outside the backup folder.")
        if not (folder / name).is_file():
            raise BackupError(f"{folder} lacks {name}, which its manifest lists.")
        if _sha256(folder / name) != digest:
            raise BackupError(f"{folder / name} does not match its sha256 (damaged or edited).")
    return manifest


def _restore_export(path: Path) -> None:
    """Replace the knowledge base with the export's: all or nothing, in one transaction."""
    from notes.importer.pipeline import import_sources
    from notes.importer.types import SourceFile
    from notes.services.counters import recount_all

    with transaction.atomic():
        clear_knowledge_base()
        result = import_sources([SourceFile(path.name, path.read_bytes())])
        if result.failed:
            raise BackupError(result.files[0].message)
        recount_all()


def clear_knowledge_base() -> None:
    """Delete every talk, speaker, tag and curation record (the seeds too: the export brings its own).

    Import runs and user accounts stay: they are the log and the people, not the knowledge base.
    """
    for model in (DuplicateSuggestion, SlugRedirect, DismissedSpeakerPair, GlossaryTerm, Talk):
        model.objects.all().delete()
    Speaker.objects.all().delete()
    Tag.objects.all().delete()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
