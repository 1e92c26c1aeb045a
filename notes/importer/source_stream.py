"""Files to import, listed up front and read one at a time, so a run never holds every file.

notes.importer.archive lists a command's paths (names, sizes, each zip checked whole) and hands back a
SourceStream: its length is known at once (for progress), and each file's bytes are read only when the
import reaches it, then dropped. A file that can no longer be read by then (deleted, grown past the
limit, its archive changed) is yielded as an ImportFailure in its place, which the pipeline reports as
that file's one sentence.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .limits import ImportLimits
from .types import ImportFailure, SourceFile


def read_file_limited(path: Path, display: str, limit: int) -> bytes:
    """The bytes of ``path``, or ImportFailure when it cannot be read or holds more than ``limit``."""
    from .archive import too_big

    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ImportFailure(display, f"cannot be read ({error.strerror})") from None
    if len(data) > limit:
        raise too_big(display, len(data), limit)
    return data


@dataclass(frozen=True)
class LooseFile:
    """A file on disk (given directly or found in a folder), read when its turn comes."""

    path: Path
    name: str
    limit: int


@dataclass(frozen=True)
class ZipEntry:
    """An entry of a zip archive on disk that passed every check; read again when its turn comes."""

    path: Path
    info: zipfile.ZipInfo
    name: str
    limits: ImportLimits


class SourceStream:
    """The listed files, in order; iterating reads each one (SourceFile) or says why not (ImportFailure)."""

    def __init__(self, items: list[LooseFile | ZipEntry]):
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[SourceFile | ImportFailure]:
        archive = _OpenArchive()
        try:
            for item in self._items:
                try:
                    if isinstance(item, ZipEntry):
                        data = archive.read(item)
                    else:
                        data = read_file_limited(item.path, item.name, item.limit)
                except ImportFailure as failure:
                    yield failure
                    continue
                yield SourceFile(name=item.name, data=data)
        finally:
            archive.close()


class _OpenArchive:
    """The zip archive being read: opened once for its run of entries, closed on to the next."""

    def __init__(self):
        self.path: Path | None = None
        self.zip: zipfile.ZipFile | None = None
        self.budget = None

    def read(self, entry: ZipEntry) -> bytes:
        from .archive import ReadBudget, read_entry

        if entry.path != self.path:
            self.close()
            self.path = entry.path
            try:
                self.zip = zipfile.ZipFile(entry.path)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise ImportFailure(entry.name, f"is damaged in the archive ({error})") from None
            self.budget = ReadBudget(entry.limits.max_zip_total_bytes)
        if self.zip is None:  # the archive could not be opened: each of its entries says so
            raise ImportFailure(entry.name, "cannot be read: its archive changed or is damaged")
        try:
            return read_entry(self.zip, entry.info, entry.name, entry.limits, self.budget)
        except ImportFailure:
            raise
        except (
            Exception
        ) as refusal:  # the archive's budget, spent: the archive changed since listing
            raise ImportFailure(entry.name, f"was not imported: the archive {refusal}") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()
        self.path, self.zip, self.budget = None, None, None
