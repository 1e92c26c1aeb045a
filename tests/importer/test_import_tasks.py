"""Admin imports as background tasks: enqueue → progress → preview → import (immediate backend).

settings_test runs each task inside the request that enqueues it; a dummy backend (tasks stored,
never run) stands in for a worker that has not picked the job up yet.
"""

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from notes.importer import jobs
from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import ImportJob, ImportRun, Summary, Talk

pytestmark = pytest.mark.django_db
URL = "/admin/notes/importrun/import/"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def note(title: str, points: int = 2) -> bytes:
    lines = [f"# {title}", "", "Speaker: Ada Example", ""]
    lines += [f"- {title} point number {n} is worth keeping." for n in range(points)]
    return ("\n".join(lines) + "\n").encode()


def files(*pairs):
    return [SimpleUploadedFile(name, data) for name, data in pairs]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


def folders(upload_dir):
    return sorted(p.name for p in upload_dir.iterdir()) if upload_dir.exists() else []


def test_a_preview_counts_every_file_and_keeps_its_failures(admin_user, monkeypatch):
    seen = []
    real_update = jobs._update

    def spy(job, **values):
        if "done" in values:
            seen.append((values["done"], values.get("current")))
        real_update(job, **values)

    monkeypatch.setattr(jobs, "_update", spy)
    upload = files(
        ("one.md", note("Soil Biology")), ("bad.md", b"---\ntitle: [unclosed\n---\nBody\n"),
        ("two.md", note("Crop Rotation")),
    )  # fmt: skip

    job = jobs.start_admin_import(upload, admin_user)

    assert job.phase == ImportJob.Phase.PREVIEWED and job.can_import
    assert (job.total, job.done, job.failed) == (3, 3, 1)
    assert len(job.errors) == 1 and job.errors[0].startswith("bad.md")
    assert [done for done, _ in seen] == [0, 1, 2, 3]  # one progress write per file
    assert seen[1][1] == "bad.md" and seen[-1][1] == ""  # the file being worked on next
    assert list(job.files.values_list("position", "name", "outcome")) == [
        (1, "one.md", "imported"), (2, "bad.md", "failed"), (3, "two.md", "imported"),
    ]  # fmt: skip
    assert Talk.objects.count() == 0 and ImportRun.objects.count() == 0  # a dry run


def test_the_stored_preview_rebuilds_what_the_preview_table_shows(admin_user):
    job = jobs.start_admin_import(files(("one.md", note("Soil Biology"))), admin_user)

    result = jobs.preview_result(job)

    talk = result.files[0].talks[0]
    assert result.summary_line() == "1 imported, 0 updated, 0 unchanged, 0 failed"
    assert talk.action == "creates" and talk.title == "Soil Biology" and talk.claims == 2
    assert talk.speakers and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in talk.speakers
    )
    assert talk.evidence and all(line.sentence for line in talk.evidence)


def test_upload_preview_confirm_through_the_admin(admin_client, upload_dir):
    upload = files(("one.md", note("Soil Biology")), ("two.md", note("Crop Rotation")))

    queued = admin_client.post(URL, {"files": upload})

    job = ImportJob.objects.get()
    assert queued.url == reverse("admin:notes_importrun_job", args=[job.pk])
    page = admin_client.get(queued.url).content.decode()
    assert "Soil Biology" in page and 'name="confirm"' in page and 'name="cancel"' in page
    assert folders(upload_dir) == [job.token]

    done = admin_client.post(URL, {"confirm": "1", "token": job.token})

    job.refresh_from_db()
    assert job.phase == ImportJob.Phase.FINISHED and job.run is not None
    assert done.url == reverse("admin:notes_importrun_change", args=[job.run.pk])
    assert (job.run.origin, job.run.imported) == ("admin", 2) and Summary.objects.count() == 2
    assert folders(upload_dir) == [] and job.files.count() == 0  # the run is the record now
    finished = admin_client.get(reverse("admin:notes_importrun_job", args=[job.pk]))
    assert "2 imported" in finished.content.decode()


def test_cancel_removes_the_upload_and_imports_nothing(admin_client, upload_dir):
    admin_client.post(URL, {"files": files(("one.md", note("Soil Biology")))})
    job = ImportJob.objects.get()

    admin_client.post(URL, {"cancel": "1", "token": job.token})
    again = admin_client.post(URL, {"confirm": "1", "token": job.token}, follow=True)

    job.refresh_from_db()
    assert job.phase == ImportJob.Phase.CANCELLED
    assert folders(upload_dir) == [] and Talk.objects.count() == 0 and job.files.count() == 0
    assert "no longer available" in again.content.decode()


def test_a_queued_job_shows_a_progress_bar_a_refresh_link_and_the_polling_script(
    admin_client, settings
):
    settings.TASKS = DUMMY_TASKS  # stored, not run: as before a worker picks it up
    page = admin_client.post(URL, {"files": files(("one.md", note("Soil Biology")))}, follow=True)

    html = page.content.decode()
    job = ImportJob.objects.get()
    status_url = reverse("admin:notes_importrun_job_status", args=[job.pk])
    assert job.phase == ImportJob.Phase.PREVIEW_QUEUED
    assert "<progress" in html and f'data-status-url="{status_url}"' in html
    assert "js/import-progress.js" in html and "<script>" not in html  # no inline script (CSP)
    assert "Waiting for the import worker" in html and 'id="kb-job-refresh"' in html

    jobs.preview_upload.call(job.pk)  # what the worker does
    status = admin_client.get(status_url).json()

    assert (status["phase"], status["done"], status["total"]) == ("previewed", 1, 1)
    assert status["working"] is False
    assert "Soil Biology" in admin_client.get(page.request["PATH_INFO"]).content.decode()


def test_the_status_endpoint_is_staff_only(client, admin_user, django_user_model):
    job = ImportJob.objects.create(user=admin_user, token="t0ken")
    url = reverse("admin:notes_importrun_job_status", args=[job.pk])

    assert client.get(url).url.startswith("/admin/login/")
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    assert client.get(url).url.startswith("/admin/login/")


def test_a_job_whose_worker_died_says_so_in_one_sentence(admin_client, admin_user):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    job = ImportJob.objects.create(
        user=admin_user, token="t0ken", phase=ImportJob.Phase.IMPORTING, pid=gone.pid,
        host=os.uname().nodename[:255], total=10, done=4,
    )  # fmt: skip

    status = admin_client.get(reverse("admin:notes_importrun_job_status", args=[job.pk])).json()

    assert status["phase"] == "failed" and not status["working"]
    assert status["message"].startswith("The import stopped before the end; each file it finished")


def test_an_expired_upload_stops_the_preview_with_a_sentence(admin_user, upload_dir, settings):
    settings.TASKS = DUMMY_TASKS
    job = jobs.start_admin_import(files(("one.md", note("Soil Biology"))), admin_user)
    jobs.remove_upload(job.token)

    jobs.preview_upload.call(job.pk)

    job.refresh_from_db()
    assert job.phase == ImportJob.Phase.FAILED
    assert (
        job.message == "The preview stopped: the upload has expired; please upload the files again."
    )


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_holds_no_transaction_between_files():
    between = []
    sources = [SourceFile(f"n{i}.md", note(f"Topic {i}")) for i in range(3)]

    result = import_sources(
        sources, dry_run=True, progress=lambda *_: between.append(connection.in_atomic_block)
    )

    assert between == [False, False, False]
    assert [f.outcome for f in result.files] == ["imported"] * 3
    assert Talk.objects.count() == 0
