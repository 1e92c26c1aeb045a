"""read_sources / read_upload: files, folders, zips, and the hostile archives in badinput/zip/."""

import io
import subprocess
import sys
import textwrap
import warnings
import zipfile
import zlib

import pytest

from notes.importer.archive import read_sources, read_upload
from notes.importer.limits import ImportLimits
from tests.conftest import BADINPUT_DIR, PROJECT_DIR

ZIP_DIR = BADINPUT_DIR / "zip"


def _zip_bytes(entries, **zip_kwargs):
    """A zip in memory from (name or ZipInfo, bytes) pairs."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some tests
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **zip_kwargs) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def _names(sources):
    return [source.name for source in sources]


def _messages(failures):
    return [str(failure) for failure in failures]


def test_folders_are_read_recursively_skipping_hidden_files_and_other_types(tmp_path):
    root = tmp_path / "notes"
    (root / "talks" / "2025").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "__MACOSX").mkdir()
    (root / "a.md").write_text("# A")
    (root / "talks" / "2025" / "b.markdown").write_text("# B")
    (root / "talks" / "c.txt").write_text("C")
    (root / "export.json").write_text('{"format": "kb-export", "version": 1}')
    (root / "settings.json").write_text('{"theme": "dark"}')  # not an export: skipped
    (root / "picture.png").write_bytes(b"\x89PNG")
    (root / ".hidden.md").write_text("no")
    (root / ".git" / "HEAD.md").write_text("no")
    (root / "__MACOSX" / "._a.md").write_text("no")

    sources, failures = read_sources([root])

    assert failures == []
    assert _names(sources) == [
        "notes/a.md",
        "notes/export.json",
        "notes/talks/c.txt",
        "notes/talks/2025/b.markdown",
    ]
    assert next(iter(sources)).data == b"# A"  # read when the stream reaches it


def test_a_file_given_directly_must_be_a_summary_type(tmp_path):
    (tmp_path / "tool.py").write_text("print()")
    (tmp_path / "note.md").write_text("# Note")

    sources, failures = read_sources(
        [tmp_path / "tool.py", tmp_path / "note.md", tmp_path / "gone.md"]
    )

    assert _names(sources) == ["note.md"]
    assert _messages(failures)[0] == "tool.py: is not a .md, .markdown, .txt, .json or .zip file."
    assert "does not exist" in _messages(failures)[1]


def test_oversized_files_are_refused_before_reading(tmp_path):
    (tmp_path / "big.md").write_bytes(b"x" * 2048)
    limits = ImportLimits(max_file_bytes=1024)

    sources, failures = read_sources([tmp_path / "big.md"], limits)

    assert list(sources) == []
    assert "more than the 1 KB allowed" in _messages(failures)[0]


def test_exports_get_their_own_larger_allowance(tmp_path):
    (tmp_path / "kb.json").write_bytes(b"{}" + b" " * 2048)
    limits = ImportLimits(max_file_bytes=1024, max_export_bytes=4096)

    sources, failures = read_sources([tmp_path / "kb.json"], limits)

    assert (_names(sources), failures) == (["kb.json"], [])


def test_zip_entries_are_named_after_the_archive(tmp_path):
    data = _zip_bytes([("dir/one.md", b"1"), ("two.txt", b"2"), ("img.png", b"x"), ("dir/", b"")])
    (tmp_path / "bundle.zip").write_bytes(data)

    sources, failures = read_sources([tmp_path / "bundle.zip"])

    assert failures == []
    assert _names(sources) == ["bundle.zip/dir/one.md", "bundle.zip/two.txt"]


def test_zip_in_a_folder_is_opened(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.zip").write_bytes(_zip_bytes([("x.md", b"x")]))

    sources, _failures = read_sources([tmp_path / "in"])

    assert _names(sources) == ["in/b.zip/x.md"]


def test_misc_bad_names_are_reported_and_good_entries_kept(shared_dir):
    sources, failures = read_sources([ZIP_DIR / "gen-misc-bad-names.zip"])
    messages = "\n".join(_messages(failures))

    assert _names(sources) == ["gen-misc-bad-names.zip/dup.md", "gen-misc-bad-names.zip/ok.md"]
    assert "/tmp/abs-evil.md: was not imported: its name is an absolute path" in messages
    assert "C:/Windows/evil.md: was not imported: its name starts with a drive letter" in messages
    assert "evil-backslash.md: was not imported: its name uses backslashes" in messages
    assert "evil-dotdot.md: was not imported: its name contains '..'" in messages
    assert "dup.md: appears more than once" in messages
    assert len(failures) == 5


@pytest.mark.parametrize("file_name", ["snyk-zip-slip.zip", "snyk-zip-slip-win.zip"])
def test_zip_slip_entries_are_refused_and_good_txt_kept(shared_dir, file_name):
    sources, failures = read_sources([ZIP_DIR / file_name])

    assert _names(sources) == [f"{file_name}/good.txt"]
    assert len(failures) == 1
    assert "evil.txt: was not imported: its name" in _messages(failures)[0]


def test_python_package_traversal_is_refused(shared_dir):
    sources, failures = read_sources([ZIP_DIR / "patt-python-settings-__init__.py.zip"])

    assert list(sources) == []
    message = _messages(failures)[0]
    assert "../settings/__init__.py: was not imported: its name contains '..'" in message


def test_symlink_entries_are_refused(shared_dir):
    sources, failures = read_sources([ZIP_DIR / "patt-etc_passwd_symlink.zip"])

    assert list(sources) == []
    assert _messages(failures) == [
        "patt-etc_passwd_symlink.zip/link: was not imported: it is a symbolic link."
    ]


def test_gbk_member_names_without_the_utf8_flag_are_decoded(shared_dir):
    sources, failures = read_sources([ZIP_DIR / "gen-gbk-filename-no-utf8-flag.zip"])

    assert failures == []
    raw = zipfile.ZipFile(ZIP_DIR / "gen-gbk-filename-no-utf8-flag.zip").infolist()[0]
    expected = raw.orig_filename.encode("cp437").decode("gbk")
    assert _names(sources) == [f"gen-gbk-filename-no-utf8-flag.zip/{expected}"]
    assert expected.endswith(".md") and not expected.isascii()


def test_unicode_path_extra_field_wins_over_the_raw_name():
    name = "笔记.md"
    info = zipfile.ZipInfo("note.md")
    body = b"\x01" + zlib.crc32(b"note.md").to_bytes(4, "little") + name.encode("utf-8")
    info.extra = (0x7075).to_bytes(2, "little") + len(body).to_bytes(2, "little") + body
    data = _zip_bytes([(info, b"# x")])

    sources, failures = read_upload("u.zip", data)

    assert (_names(sources), failures) == ([f"u.zip/{name}"], [])


def test_bombs_are_refused_quickly_with_little_memory(shared_dir):
    """Run in a child process, as badinput/README.md asks, and report its peak memory."""
    script = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from notes.importer.archive import read_sources
        for name in ("kd2fw-zbsm.zip", "kd2fw-zipbomb_1G.zip"):
            sources, failures = read_sources([Path({str(ZIP_DIR)!r}) / name])
            print(len(sources), failures[0])
        # VmHWM, not ru_maxrss: a child inherits its parent's ru_maxrss across exec, so a large
        # pytest process (a loaded jieba dictionary) would be counted as the child's peak.
        status = Path("/proc/self/status").read_text()
        print("peak_mb", int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    overlap, ratio, peak = completed.stdout.splitlines()
    assert overlap.startswith("0 kd2fw-zbsm.zip: has entries that overlap")
    assert ratio.startswith("0 kd2fw-zipbomb_1G.zip/-: was not imported: it would expand")
    assert int(peak.split()[1]) < 200


@pytest.mark.slow
def test_streaming_limits_alone_stop_the_bombs(shared_dir):
    """With overlap, declared-size and name checks off, counting bytes read still stops both."""
    script = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from notes.importer import archive
        from notes.importer.limits import ImportLimits
        archive._check_overlap = lambda infos: None
        archive.ACCEPTED_SUFFIXES = ("",)  # the bombs' entries are not named *.md
        lenient = ImportLimits(
            max_file_bytes=2**31, max_zip_ratio=10**6, max_zip_total_bytes=8 * 2**20
        )
        for name in ("kd2fw-zbsm.zip", "kd2fw-zipbomb_1G.zip"):
            sources, failures = archive.read_sources([Path({str(ZIP_DIR)!r}) / name], lenient)
            print(len(sources), failures[-1])
        # VmHWM, not ru_maxrss: a child inherits its parent's ru_maxrss across exec, so a large
        # pytest process (a loaded jieba dictionary) would be counted as the child's peak.
        status = Path("/proc/self/status").read_text()
        print("peak_mb", int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    overlap, single, peak = completed.stdout.splitlines()
    assert "expands to more than the 8 MB allowed" in overlap
    assert "expands to more than the 8 MB allowed" in single
    assert int(peak.split()[1]) < 200


def test_compression_ratio_limit():
    data = _zip_bytes([("zeros.md", b"\0" * (2 * 1024 * 1024)), ("fine.md", b"# ok")])

    sources, failures = read_upload("z.zip", data)

    assert _names(sources) == ["z.zip/fine.md"]
    assert "z.zip/zeros.md: was not imported: it would expand" in _messages(failures)[0]


def test_entry_count_limit_refuses_the_archive():
    data = _zip_bytes([(f"{n}.md", b"x") for n in range(6)])

    sources, failures = read_upload("many.zip", data, ImportLimits(max_zip_entries=5))

    assert list(sources) == []
    assert _messages(failures) == ["many.zip: holds 6 entries, more than the 5 allowed."]


def test_total_bytes_read_limit_refuses_the_archive():
    entries = [(f"{n}.md", bytes(range(256)) * 400) for n in range(4)]  # ~100 KB each
    limits = ImportLimits(max_zip_total_bytes=250_000)

    sources, failures = read_upload("big.zip", _zip_bytes(entries), limits)

    assert list(sources) == []
    assert "big.zip: expands to more than" in _messages(failures)[0]


def test_declared_entry_size_over_the_file_limit_is_refused():
    data = _zip_bytes([("big.md", b"y" * 3000), ("small.md", b"y")])

    sources, failures = read_upload("s.zip", data, ImportLimits(max_file_bytes=1024))

    assert _names(sources) == ["s.zip/small.md"]
    assert "s.zip/big.md: is 3 KB, more than the 1 KB allowed" in _messages(failures)[0]


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 not really a zip", b"", b"plain text"], ids=["header", "empty", "text"]
)
def test_damaged_archives_are_refused_in_one_sentence(data):
    sources, failures = read_upload("broken.zip", data)

    assert list(sources) == []
    assert len(failures) == 1
    assert _messages(failures)[0].startswith("broken.zip: is not a")


def test_archive_without_summaries_says_so():
    sources, failures = read_upload("pics.zip", _zip_bytes([("a.png", b"x")]))

    assert list(sources) == []
    assert _messages(failures) == ["pics.zip: holds no .md, .markdown, .txt or .json files."]


def test_uploads_keep_only_the_base_name_and_check_the_type():
    sources, failures = read_upload("C:\\Users\\me\\..\\notes.md", b"# hi")
    refused, problems = read_upload("run.exe", b"MZ")

    assert _names(sources) == ["notes.md"] and failures == []
    assert refused == []
    assert _messages(problems) == ["run.exe: is not a .md, .markdown, .txt, .json or .zip file."]


def test_names_shown_to_people_have_no_control_characters():
    sources, _failures = read_upload("z.zip", _zip_bytes([("a\u202eevil\nname.md", b"x")]))

    assert _names(sources) == ["z.zip/a?evil?name.md"]
