"""The import_summaries and export_kb commands."""

import io
import json
import shutil

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from notes.models import ImportRun, Summary, Talk
from tests.conftest import BADINPUT_DIR, SAMPLES_DIR

pytestmark = pytest.mark.django_db

INTERVIEW = "000_36439bad81153fe1.txt"
ESSAY = "004_02a4c70c7ec75497.txt"


@pytest.fixture
def folder(shared_dir, tmp_path):
    for name in (INTERVIEW, ESSAY):
        shutil.copy(SAMPLES_DIR / name, tmp_path / name)
    return tmp_path


def run(*args):
    out = io.StringIO()
    call_command("import_summaries", *args, stdout=out)
    return out.getvalue().splitlines()


def test_one_line_per_file_and_a_closing_count(folder):
    lines = run(str(folder))

    assert len(lines) == 3
    name = f"{folder.name}/{INTERVIEW}"  # files found in a folder are named from the folder down
    claims = Summary.objects.get(source_name=name).claims.count()
    title = Talk.objects.get(summaries__source_name=name).title
    assert f"imported  {name} → {title} ({claims} claims)" in lines
    assert lines[-1] == "2 imported, 0 updated, 0 unchanged, 0 failed"


def test_a_second_run_says_unchanged(folder):
    run(str(folder))
    lines = run(str(folder / INTERVIEW))

    assert lines[0].startswith(f"unchanged {INTERVIEW}")
    assert lines[-1] == "0 imported, 0 updated, 1 unchanged, 0 failed"


def test_dry_run_writes_nothing(folder):
    lines = run("--dry-run", str(folder))

    assert lines[-1].startswith("2 imported")
    assert "nothing was written" in lines[-1]
    assert (Talk.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_a_failure_is_reported_and_raises(folder):
    bad = BADINPUT_DIR / "yaml" / "fm-python-object-apply.md"
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_summaries", str(folder / INTERVIEW), str(bad), stdout=out)

    lines = out.getvalue().splitlines()
    assert any(line.startswith("failed") and bad.name in line for line in lines)
    assert lines[-1] == "1 imported, 0 updated, 0 unchanged, 1 failed"


def test_exit_status_is_1_when_a_file_fails(tmp_path, capsys):
    utility = ManagementUtility(["manage.py", "import_summaries", str(tmp_path / "missing.md")])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()

    assert exit_info.value.code == 1
    assert "missing.md" in capsys.readouterr().out


def test_export_kb_writes_json_to_a_file_and_stdout(folder, tmp_path):
    run(str(folder))
    target = tmp_path / "kb.json"
    call_command("export_kb", "--output", str(target), stderr=io.StringIO())
    out = io.StringIO()
    call_command("export_kb", stdout=out)

    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "kb-export"
    assert len(data["talks"]) == 2
    assert out.getvalue() == target.read_text(encoding="utf-8")


def test_export_kb_to_an_unwritable_place_is_one_sentence(tmp_path):
    with pytest.raises(CommandError, match="cannot write the export"):
        call_command("export_kb", "--output", str(tmp_path / "no" / "such" / "dir" / "kb.json"))


def test_other_json_in_a_folder_is_skipped_but_named_directly_is_refused(folder):
    (folder / "settings.json").write_text(json.dumps({"theme": "dark"}), encoding="utf-8")

    lines = run(str(folder))
    assert lines[-1] == "2 imported, 0 updated, 0 unchanged, 0 failed"
    assert not Talk.objects.filter(title__icontains="settings").exists()

    with pytest.raises(CommandError):
        run(str(folder / "settings.json"))
    assert Talk.objects.count() == 2


def test_a_kb_export_inside_a_folder_is_restored(folder, tmp_path_factory):
    run(str(folder))
    export = io.StringIO()
    call_command("export_kb", stdout=export)
    Talk.objects.all().delete()
    backup = tmp_path_factory.mktemp("backup")
    (backup / "kb.json").write_text(export.getvalue(), encoding="utf-8")

    run(str(backup))
    assert Talk.objects.count() == 2
