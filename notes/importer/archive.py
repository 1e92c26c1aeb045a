"""Gather the files to import: loose files, folders (recursively) and zip archives.

A command's paths are listed first and read one file at a time as the import goes
(notes.importer.source_stream); an upload, already in memory, is read at once. Archives are never
extracted to disk. Each entry is checked before it is read (name, symlink,
declared size and compression ratio) and counted while it is read, so a zip bomb is refused after
reading at most the limits' worth of bytes. Rules: docs/decisions.md, "Reading files and archives".
"""

from __future__ import annotations

import io
import itertools
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .decode import is_plausible_big5, is_plausible_gb
from .limits import DEFAULT_LIMITS, MIB, ImportLimits
from .source_stream import LooseFile, SourceStream, ZipEntry, read_file_limited
from .types import ImportFailure, SourceFile

ACCEPTED_SUFFIXES = (".md", ".markdown", ".txt", ".json")
_ACCEPTED_TEXT = ".md, .markdown, .txt, .json or .zip"
_CHUNK = 64 * 1024
# Below this size an entry cannot hurt however well it compresses, so the ratio is not checked.
_RATIO_FLOOR = 1 * MIB
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP "Unicode Path" extra field
_UTF8_FLAG = 0x800
_S_IFMT = 0o170000
_S_IFLNK = 0o120000
_DRIVE = re.compile(r"^[A-Za-z]:")
# Control and bidirectional-override characters are replaced in names shown to people.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

Result = tuple[list[SourceFile], list[ImportFailure]]
Listed = tuple[SourceStream, list[ImportFailure]]


class ArchiveRefused(Exception):
    """The whole archive is refused; the message is the problem."""


def read_sources(paths: Iterable[Path], limits: ImportLimits = DEFAULT_LIMITS) -> Listed:
    """List files, folders (recursively) and .zip archives to import, with the failures met listing.

    The stream reads each file when iterated, so memory does not grow with the number of files. Each
    archive is read through once here (its bytes dropped), so every refusal of an archive or entry is
    known before anything is imported and a refused archive imports nothing.
    """
    items: list[LooseFile | ZipEntry] = []
    failures: list[ImportFailure] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file_path, display in _walk(path):
                _list_path(file_path, display, limits, items, failures, from_folder=True)
        elif path.is_file():
            _list_path(path, path.name, limits, items, failures, from_folder=False)
        else:
            failures.append(ImportFailure(str(path), "does not exist"))
    return SourceStream(items), failures


def read_upload(name: str, data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> Result:
    """Read one uploaded file (a summary, a kb export or a .zip of them)."""
    display = _printable(re.split(r"[\\/]", name)[-1]) or "upload"
    if display.lower().endswith(".zip"):
        return read_zip(display, io.BytesIO(data), limits)
    if not display.lower().endswith(ACCEPTED_SUFFIXES):
        return [], [ImportFailure(display, f"is not a {_ACCEPTED_TEXT} file")]
    limit = limits.max_bytes_for(display)
    if len(data) > limit:
        return [], [too_big(display, len(data), limit)]
    return [SourceFile(name=display, data=data)], []


def read_zip(display: str, fileobj: BinaryIO, limits: ImportLimits = DEFAULT_LIMITS) -> Result:
    """Read the importable entries of one zip archive held in ``fileobj``."""
    kept, failures = _scan_zip(display, fileobj, limits, keep_data=True)
    return [SourceFile(name=name, data=data) for _info, name, data in kept], failures


def _scan_zip(display: str, fileobj: BinaryIO, limits: ImportLimits, *, keep_data: bool):
    """Check and read every importable entry: ([(info, name, data or None)], failures).

    A refused archive keeps nothing; without ``keep_data`` each entry's bytes are dropped once read.
    """
    kept: list[tuple] = []
    try:
        failures = _read_archive(display, fileobj, limits, kept, keep_data)
    except ArchiveRefused as refusal:
        return [], [ImportFailure(display, str(refusal))]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        return [], [ImportFailure(display, f"is not a readable zip archive ({error})")]
    return kept, failures


def _walk(folder: Path) -> Iterable[tuple[Path, str]]:
    """Files under ``folder`` in a stable order, hidden files and __MACOSX left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        relative_root = Path(root).relative_to(folder)
        for file_name in sorted(files):
            if _is_hidden(file_name):
                continue
            relative = (relative_root / file_name).as_posix()
            yield Path(root) / file_name, f"{folder.name}/{relative}"


def _list_path(
    path: Path,
    display: str,
    limits: ImportLimits,
    items: list[LooseFile | ZipEntry],
    failures: list[ImportFailure],
    *,
    from_folder: bool,
) -> None:
    lower = path.name.lower()
    if lower.endswith(".zip"):
        try:
            with path.open("rb") as handle:
                found, problems = _check_zip(display, handle, limits)
        except OSError as error:
            found, problems = [], [ImportFailure(display, f"cannot be read ({error.strerror})")]
        items.extend(ZipEntry(path, info, name, limits) for info, name in found)
        failures.extend(problems)
        return
    if not lower.endswith(ACCEPTED_SUFFIXES):
        if not from_folder:  # files in folders that are not summaries are skipped silently
            failures.append(ImportFailure(display, f"is not a {_ACCEPTED_TEXT} file"))
        return
    limit = limits.max_bytes_for(lower)
    try:
        size = path.stat().st_size
        if size > limit:
            failures.append(too_big(display, size, limit))
            return
        # A .json in a folder is read now only to know whether it is an export.
        if (
            from_folder
            and lower.endswith(".json")
            and not _is_importable_member(display, read_file_limited(path, display, limit))
        ):
            return
    except OSError as error:
        failures.append(ImportFailure(display, f"cannot be read ({error.strerror})"))
        return
    except ImportFailure as failure:
        failures.append(failure)
        return
    items.append(LooseFile(path, display, limit))


def _check_zip(display: str, fileobj: BinaryIO, limits: ImportLimits):
    """The entries of one zip on disk that pass every check (read through, kept by name only)."""
    kept, failures = _scan_zip(display, fileobj, limits, keep_data=False)
    return [(info, name) for info, name, _data in kept], failures


def _read_archive(
    display: str, fileobj: BinaryIO, limits: ImportLimits, kept: list[tuple], keep_data: bool
) -> list[ImportFailure]:
    _check_entry_count(fileobj, limits)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise ArchiveRefused(_too_many(len(infos), limits))
        _check_overlap(infos)
        wanted, failures = _select_entries(display, infos, limits)
        budget = ReadBudget(limits.max_zip_total_bytes)
        for info, member_display in wanted:
            try:
                data = read_entry(archive, info, member_display, limits, budget)
            except ImportFailure as failure:
                failures.append(failure)
                continue
            if _is_importable_member(member_display, data):
                kept.append((info, member_display, data if keep_data else None))
    if not kept and not failures:
        failures.append(ImportFailure(display, "holds no .md, .markdown, .txt or .json files"))
    return failures


class ReadBudget:
    """Uncompressed bytes still allowed from one archive, counting every byte read."""

    def __init__(self, total: int):
        self.total = total
        self.left = total

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise ArchiveRefused(
                f"expands to more than the {self.total // MIB} MB allowed for one archive; "
                "reading stopped there and nothing from it was imported"
            )


def _check_entry_count(fileobj: BinaryIO, limits: ImportLimits) -> None:
    """Refuse by the end record's entry count before zipfile builds one object per entry."""
    try:
        end_record = zipfile._EndRecData(fileobj)  # private, but stable since Python 2
    except (AttributeError, OSError):
        return
    if end_record is None:
        raise ArchiveRefused("is not a zip archive (no end of central directory)")
    entries = end_record[zipfile._ECD_ENTRIES_TOTAL]
    if entries > limits.max_zip_entries:
        raise ArchiveRefused(_too_many(entries, limits))
    fileobj.seek(0)


def _too_many(entries: int, limits: ImportLimits) -> str:
    return f"holds {entries:,} entries, more than the {limits.max_zip_entries:,} allowed"


def _check_overlap(infos: list[zipfile.ZipInfo]) -> None:
    """Entries whose data overlap are the signature of a non-recursive zip bomb."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in itertools.pairwise(ordered):
        name_bytes = len(_raw_name(current))
        end = current.header_offset + 30 + name_bytes + current.compress_size
        if end > following.header_offset:
            raise ArchiveRefused(
                "has entries that overlap one another (the shape of a zip bomb); nothing was read"
            )


def _select_entries(
    display: str, infos: list[zipfile.ZipInfo], limits: ImportLimits
) -> tuple[list[tuple[zipfile.ZipInfo, str]], list[ImportFailure]]:
    """Entries to read, and failures for the unsafe ones; hidden and other files are skipped."""
    wanted: list[tuple[zipfile.ZipInfo, str]] = []
    failures: list[ImportFailure] = []
    seen: set[str] = set()
    for info in infos:
        name = member_name(info)
        member_display = f"{display}/{_printable(name)}"
        if info.is_dir():
            continue
        problem = _unsafe_name(name) or _unsafe_entry(info, limits)
        if problem:
            failures.append(ImportFailure(member_display, f"was not imported: {problem}"))
            continue
        parts = name.split("/")
        if any(_is_hidden(part) for part in parts) or not name.lower().endswith(ACCEPTED_SUFFIXES):
            continue
        key = unicodedata.normalize("NFC", name)
        if key in seen:
            failures.append(
                ImportFailure(
                    member_display,
                    "appears more than once in the archive; only the first copy was imported",
                )
            )
            continue
        seen.add(key)
        limit = limits.max_bytes_for(name)
        if info.file_size > limit:
            failures.append(too_big(member_display, info.file_size, limit))
            continue
        wanted.append((info, member_display))
    return wanted, failures


def _is_importable_member(display: str, data: bytes) -> bool:
    """Inside a folder or zip, a .json file is imported only when it is a kb export.

    Folders of notes often hold other JSON (settings, metadata); named directly, any .json file is
    read as an export and gets a clear error when it is not one.
    """
    if not display.lower().endswith(".json"):
        return True
    from .export_format import looks_like_export  # the export format lives with the back end

    return looks_like_export(SourceFile(name=display, data=data))


def _unsafe_name(name: str) -> str:
    if "\\" in name:
        return "its name uses backslashes, which could point outside the archive"
    if name.startswith("/"):
        return "its name is an absolute path"
    if _DRIVE.match(name):
        return "its name starts with a drive letter"
    if ".." in name.split("/"):
        return "its name contains '..', which could point outside the archive"
    return ""


def _unsafe_entry(info: zipfile.ZipInfo, limits: ImportLimits) -> str:
    if info.create_system == 3 and (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
        return "it is a symbolic link"
    if info.flag_bits & 0x1:
        return "it is encrypted"
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_zip_ratio * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        return (
            f"it would expand {ratio:,} times, more than the {limits.max_zip_ratio} allowed "
            "(a zip bomb?)"
        )
    return ""


def read_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    display: str,
    limits: ImportLimits,
    budget: ReadBudget,
) -> bytes:
    """Stream one entry, counting bytes; stop as soon as any limit is passed."""
    limit = limits.max_bytes_for(info.filename)
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                budget.spend(len(chunk))
                if read > limit:
                    raise too_big(display, read, limit)
                if read > _RATIO_FLOOR and read > limits.max_zip_ratio * max(info.compress_size, 1):
                    raise ImportFailure(
                        display, "was not imported: it expands too much (a zip bomb?)"
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ImportFailure(display, f"is damaged in the archive ({error})") from None
    except NotImplementedError:
        raise ImportFailure(display, "uses a compression method that cannot be read") from None
    return b"".join(chunks)


def member_name(info: zipfile.ZipInfo) -> str:
    """The entry's name, decoded correctly even when a tool wrote GBK without the UTF-8 flag."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    unicode_path = _unicode_path_extra(info)
    if unicode_path:
        return unicode_path
    raw = _raw_name(info)
    if raw.isascii():
        return info.filename
    for encoding, plausible in (
        ("utf-8", None),
        ("gb18030", is_plausible_gb),
        ("cp950", is_plausible_big5),
    ):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible is None or plausible(decoded):
            return decoded
    return info.filename  # cp437, the zip default


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored (zipfile decoded them as UTF-8 or cp437, both reversible)."""
    encoding = "utf-8" if info.flag_bits & _UTF8_FLAG else "cp437"
    try:
        return info.orig_filename.encode(encoding)
    except UnicodeEncodeError:
        return info.orig_filename.encode("utf-8", errors="replace")


def _unicode_path_extra(info: zipfile.ZipInfo) -> str:
    """The UTF-8 name from an Info-ZIP Unicode Path extra field, when its CRC matches the name."""
    extra = info.extra
    position = 0
    while position + 4 <= len(extra):
        field_id = int.from_bytes(extra[position : position + 2], "little")
        size = int.from_bytes(extra[position + 2 : position + 4], "little")
        body = extra[position + 4 : position + 4 + size]
        position += 4 + size
        if field_id != _UNICODE_PATH_EXTRA or len(body) < 5 or body[0] != 1:
            continue
        if int.from_bytes(body[1:5], "little") != zlib.crc32(_raw_name(info)):
            continue
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return ""


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _printable(name: str) -> str:
    return _UNPRINTABLE.sub("?", name)


def too_big(display: str, size: int, limit: int) -> ImportFailure:
    return ImportFailure(
        display, f"is {_megabytes(size)}, more than the {_megabytes(limit)} allowed"
    )


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB else f"{size / 1024:.0f} KB"
