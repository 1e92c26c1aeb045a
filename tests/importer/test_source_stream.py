"""read_sources lists paths and reads each file only when the import reaches it (source_stream.py)."""

import io
import tracemalloc
import zipfile

import pytest

from notes.importer.archive import read_sources
from notes.importer.pipeline import import_sources
from notes.importer.types import ImportFailure
from notes.models import Talk

NOTE = (
    "---\ntitle: {title}\nurl: https://example.org/{number}\n---\n## Points\n- {title} matters.\n"
)


def _write_notes(folder, count, padding=0):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = NOTE.format(title=f"Streamed talk {number}", number=number) + "x" * padding
        (folder / f"{number:03}.md").write_text(text, encoding="utf-8")


def _zip_file(path, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_listing_a_folder_holds_no_file_in_memory(tmp_path):
    _write_notes(tmp_path / "many", 200, padding=50_000)  # 10 MB of notes

    tracemalloc.start()
    try:
        sources, failures = read_sources([tmp_path / "many"])
        listed, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert failures == [] and len(sources) == 200
    assert listed < 1_000_000  # names and sizes, not the 10 MB of bytes


def test_a_file_is_read_when_its_turn_comes(tmp_path):
    _write_notes(tmp_path / "notes", 2)
    sources, _failures = read_sources([tmp_path / "notes"])
    (tmp_path / "notes" / "001.md").write_text("# Changed after listing\n", encoding="utf-8")

    read = {source.name: source.data for source in sources}

    assert read["notes/001.md"] == b"# Changed after listing\n"


@pytest.mark.django_db
def test_a_file_gone_before_its_turn_fails_alone_with_a_sentence(tmp_path):
    _write_notes(tmp_path / "notes", 3)
    sources, failures = read_sources([tmp_path / "notes"])
    (tmp_path / "notes" / "001.md").unlink()

    result = import_sources(sources, failures=failures)

    assert (result.imported, result.failed) == (2, 1)
    failed = next(f for f in result.files if f.failed)
    assert failed.message == "notes/001.md: cannot be read (No such file or directory)."
    assert Talk.objects.count() == 2


def test_zip_entries_on_disk_are_read_one_by_one(tmp_path):
    _zip_file(tmp_path / "b.zip", [("a.md", b"# A"), ("sub/c.md", b"# C")])
    sources, failures = read_sources([tmp_path / "b.zip"])

    assert failures == []
    assert [(s.name, s.data) for s in sources] == [
        ("b.zip/a.md", b"# A"),
        ("b.zip/sub/c.md", b"# C"),
    ]


def test_a_zip_damaged_after_listing_fails_each_entry_with_a_sentence(tmp_path):
    _zip_file(tmp_path / "b.zip", [("a.md", b"# A"), ("c.md", b"# C")])
    sources, _failures = read_sources([tmp_path / "b.zip"])
    (tmp_path / "b.zip").write_bytes(b"not a zip any more")

    items = list(sources)

    assert all(isinstance(item, ImportFailure) for item in items)
    assert [item.source_name for item in items] == ["b.zip/a.md", "b.zip/c.md"]
    assert "damaged" in str(items[0]) and str(items[1]).startswith("b.zip/c.md: cannot be read")


def test_a_refused_archive_lists_nothing(tmp_path):
    from notes.importer.limits import ImportLimits

    _zip_file(tmp_path / "big.zip", [(f"{n}.md", b"y" * 4000) for n in range(5)])
    limits = ImportLimits(max_zip_total_bytes=10_000)

    sources, failures = read_sources([tmp_path / "big.zip"], limits)

    assert len(sources) == 0
    assert len(failures) == 1 and "expands to more than" in str(failures[0])
