"""The admin's uploaded bytes, kept privately until their import ends.

Each upload is a folder DATA_DIR/uploads/<random token> holding the files as 0, 1, 2… and their
names in names.json. A folder is removed when its import ends, when it is cancelled or has nothing
to import, when the same session uploads again, and in any case after a day.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings

from notes.importer.archive import read_upload
from notes.importer.limits import DEFAULT_LIMITS
from notes.importer.types import ImportFailure, SourceFile

UPLOAD_MAX_AGE_SECONDS = 24 * 3600


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def save_upload(files) -> str:
    """Write the uploaded files to a new private folder; returns its token."""
    remove_stale_uploads()
    token = secrets.token_urlsafe(16)
    folder = uploads_dir() / token
    folder.mkdir(parents=True, mode=0o700)
    names = []
    for index, upload in enumerate(files):
        with open(folder / str(index), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(upload.name)
    (folder / "names.json").write_text(json.dumps(names), encoding="utf-8")
    return token


def upload_exists(token: str) -> bool:
    return _safe(token) and (uploads_dir() / token).is_dir()


def read_upload_folder(token: str) -> tuple[list[SourceFile], list[ImportFailure]]:
    """The files of an upload (zips opened), and what could not be read, in upload order."""
    folder = uploads_dir() / token
    names = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    sources, failures = [], []
    for index, name in enumerate(names):
        found, failed = read_upload(name, (folder / str(index)).read_bytes(), DEFAULT_LIMITS)
        sources += found
        failures += failed
    return sources, failures


def remove_upload(token: str | None) -> None:
    if token and _safe(token):
        shutil.rmtree(uploads_dir() / token, ignore_errors=True)


def remove_stale_uploads() -> None:
    folder = uploads_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - UPLOAD_MAX_AGE_SECONDS
    for entry in folder.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)


def _safe(token: str) -> bool:
    return bool(token) and "/" not in token and "\\" not in token and token not in (".", "..")
