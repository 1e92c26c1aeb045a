"""A file's identity does not depend on the folder, zip or upload name it arrived under."""

import io
import zipfile

import pytest

from notes.importer.archive import read_sources, read_upload
from notes.importer.pipeline import import_sources
from notes.models import Claim, Summary, Talk

pytestmark = pytest.mark.django_db

NOTE = """# Scaling laws, revisited

Source: https://example.org/talks/scaling-revisited

## Key points

- Compute keeps paying off when data grows with it.
- Small models distil well from large ones.
- Evaluation lags behind capability.
"""
EDITED = NOTE.replace("Evaluation lags behind capability.", "Evaluation now lags far behind.")
# No title a file states and no URL: only its name can say it is the same file.
NAMELESS = "- a loose thought about agents\n- another about memory\n"
NAMELESS_EDITED = NAMELESS + "- a third about tools\n"


def write(folder, relative: str, text: str):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def import_paths(*paths):
    sources, failures = read_sources(paths)
    result = import_sources(sources, failures=failures)
    assert result.failed == 0, [f.message for f in result.files]
    return result


def import_zip(zip_name: str, members: dict[str, str]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    sources, failures = read_upload(zip_name, buffer.getvalue())
    return import_sources(sources, failures=failures)


def only_summary() -> Summary:
    assert Summary.objects.count() == 1, list(Summary.objects.values_list("source_name", flat=True))
    return Summary.objects.get()


@pytest.mark.parametrize(
    "note", [(NOTE, EDITED), (NAMELESS, NAMELESS_EDITED)], ids=["titled", "nameless"]
)
def test_folder_then_the_edited_file_by_its_own_path(tmp_path, note):
    original, edited = note
    folder = tmp_path / "notes"
    write(folder, "2025/talk.md", original)
    write(folder, "other.md", "# Another talk\n\n- Something else entirely.\n")
    import_paths(folder)
    first = Summary.objects.get(source_name="notes/2025/talk.md")
    claims = Claim.objects.filter(summary=first).count()

    result = import_paths(write(folder, "2025/talk.md", edited))

    assert result.updated == 1
    assert Summary.objects.count() == 2
    summary = Summary.objects.get(pk=first.pk)
    assert summary.raw == edited
    assert Claim.objects.filter(summary=summary).count() == claims + (original == NAMELESS)


@pytest.mark.parametrize(
    "note", [(NOTE, EDITED), (NAMELESS, NAMELESS_EDITED)], ids=["titled", "nameless"]
)
def test_the_file_first_then_the_folder_holding_its_edit(tmp_path, note):
    original, edited = note
    alone = write(tmp_path / "inbox", "talk.md", original)
    import_paths(alone)
    first = only_summary()

    folder = tmp_path / "archive"
    write(folder, "deep/er/talk.md", edited)
    result = import_paths(folder)

    assert result.updated == 1
    assert only_summary().pk == first.pk
    assert only_summary().raw == edited
    assert Talk.objects.count() == 1


def test_a_zip_then_a_folder_of_another_name(tmp_path):
    assert import_zip("digest-2025.zip", {"notes/talk.md": NOTE}).imported == 1
    first = only_summary()
    folder = tmp_path / "backup"
    write(folder, "notes/talk.md", EDITED)

    result = import_paths(folder)

    assert result.updated == 1
    assert only_summary().pk == first.pk


def test_the_same_bytes_under_another_name_are_unchanged(tmp_path):
    import_paths(write(tmp_path / "a", "talk.md", NOTE))

    result = import_paths(write(tmp_path / "b", "renamed.md", NOTE))

    assert result.unchanged == 1
    assert only_summary().raw == NOTE


def test_two_files_of_one_talk_in_sibling_folders_stay_two_summaries(tmp_path):
    folder = tmp_path / "notes"
    write(folder, "en/talk.md", NOTE)
    write(
        folder,
        "zh/talk.md",
        NOTE.replace("# Scaling laws, revisited", "# Scaling laws, revisited\n\n中文版"),
    )
    import_paths(folder)

    assert Summary.objects.count() == 2
    assert Talk.objects.count() == 1
