"""The pipeline: one transaction per file, dry runs that write nothing, the import log, previews."""

import io
import zipfile

import pytest

import notes.importer.persist as persist_module
from notes.importer.archive import read_upload
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Claim, ImportFile, ImportRun, Speaker, Summary, Talk
from tests.conftest import BADINPUT_DIR, SAMPLES_DIR

pytestmark = pytest.mark.django_db

INTERVIEW = "000_36439bad81153fe1.txt"
ENGLISH = "001_bdc2b3531972d208.txt"
ESSAY = "004_02a4c70c7ec75497.txt"


def sample(name):
    return SourceFile(name, (SAMPLES_DIR / name).read_bytes())


def table_counts():
    return [m.objects.count() for m in (Talk, Summary, Claim, Speaker, ImportRun)]


def test_a_real_run_is_logged_per_file(shared_dir):
    result = import_sources([sample(INTERVIEW), sample(ESSAY)], origin="command")

    run = ImportRun.objects.get()
    assert result.run == run
    assert (run.imported, run.failed, run.finished is not None) == (2, 0, True)
    files = list(ImportFile.objects.order_by("pk"))
    assert [f.name for f in files] == [INTERVIEW, ESSAY]
    assert all(f.outcome == "imported" and f.talk_id and f.summary_id for f in files)
    assert files[0].message.startswith("Created the talk “Ilya Sutskever")


def test_a_bad_file_in_a_batch_costs_only_itself(shared_dir, monkeypatch):
    real = persist_module.add_talk_tags

    def explode_for_essay(talk, names, cache, **options):
        real(talk, names, cache, **options)
        if (
            "reinforcement-learning" in names
        ):  # only the essay has this tag: fail after writing rows
            raise RuntimeError("boom")

    monkeypatch.setattr(persist_module, "add_talk_tags", explode_for_essay)

    result = import_sources([sample(INTERVIEW), sample(ESSAY), sample(ENGLISH)])

    assert [f.outcome for f in result.files] == ["imported", "failed", "imported"]
    assert (
        result.files[1].message == f"{ESSAY}: could not be imported (internal error: RuntimeError)."
    )
    assert not Summary.objects.filter(source_name=ESSAY).exists()
    assert not Talk.objects.filter(url__contains="_zgnSbu5GqE").exists()
    assert not Speaker.objects.filter(name="Baron Millig").exists()
    assert Summary.objects.filter(source_name=ENGLISH).exists()


def test_a_zip_with_one_bad_file_imports_the_good_ones(shared_dir):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(INTERVIEW, (SAMPLES_DIR / INTERVIEW).read_bytes())
        archive.writestr("broken.md", (BADINPUT_DIR / "yaml" / "fm-unterminated.md").read_bytes())
        archive.writestr(ESSAY, (SAMPLES_DIR / ESSAY).read_bytes())
    sources, failures = read_upload("batch.zip", buffer.getvalue())

    result = import_sources(sources, failures=failures)

    outcomes = {f.name.rsplit("/", 1)[-1]: f for f in result.files}
    assert outcomes[INTERVIEW].outcome == outcomes[ESSAY].outcome == "imported"
    broken = outcomes["broken.md"]
    assert broken.outcome == "failed"
    assert "broken.md" in broken.message and broken.message.endswith(".")
    assert Summary.objects.count() == 2


def test_a_dry_run_previews_exactly_and_writes_nothing(shared_dir):
    import_sources([sample(INTERVIEW)])
    before = table_counts()

    result = import_sources([sample(ENGLISH), sample(ESSAY)], dry_run=True)

    assert table_counts() == before
    assert result.run is None and result.dry_run
    joins, creates = result.files[0].talks[0], result.files[1].talks[0]
    assert joins.action == "joins"
    assert joins.title.startswith("Ilya Sutskever")
    assert joins.claims > 0 and joins.translation_pairs > 0
    assert creates.action == "creates"
    assert ("Dwarkesh Patel", "author") in creates.speakers
    assert any(name == "RL scaling" for name, count in creates.themes)


def test_read_failures_are_reported_as_failed_files():
    from notes.importer.types import ImportFailure

    result = import_sources([], failures=[ImportFailure("huge.zip", "is too big")])

    assert result.failed == 1
    assert result.files[0].message == "huge.zip: is too big."
    assert ImportFile.objects.get().outcome == "failed"


def test_an_empty_file_fails_with_a_sentence():
    result = import_sources([SourceFile("empty.md", b"")])

    file = result.files[0]
    assert file.outcome in ("failed", "imported")
    if file.failed:
        assert file.message.startswith("empty.md")


def test_summary_line_counts_each_outcome(shared_dir):
    import_sources([sample(INTERVIEW)])
    result = import_sources([sample(INTERVIEW), sample(ESSAY)])

    assert result.summary_line() == "1 imported, 0 updated, 1 unchanged, 0 failed"
    assert result.files[0].line().startswith(f"unchanged {INTERVIEW} → Ilya Sutskever")


def test_an_unchanged_file_costs_a_handful_of_queries(shared_dir, django_assert_max_num_queries):
    import_sources([sample(INTERVIEW)])

    with django_assert_max_num_queries(12):
        result = import_sources([sample(INTERVIEW)])

    assert result.unchanged == 1


def test_a_new_file_costs_a_bounded_number_of_queries(shared_dir, django_assert_max_num_queries):
    """A new file's rows go in one INSERT per table and its new talk's counters are counted from
    them (notes.services.insert_rows, counters.count_new_talk): the count guards that gain (it
    was 46 on SQLite, 43 on PostgreSQL; the run's own rows and one-off reads are in it)."""
    from django.db import connection

    import_sources([sample(ESSAY)])  # another talk: the interview's file creates its own

    with django_assert_max_num_queries(40 if connection.vendor == "sqlite" else 37):
        result = import_sources([sample(INTERVIEW)])

    assert result.imported == 1
