"""Admin imports as background tasks: upload → queued preview → previewed → queued import → imported.

The request only saves the upload and enqueues a task (django-tasks; the worker is `manage.py
db_worker`), so no request waits on a long import and no gunicorn timeout can cut one short. The
preview is a dry run per file (each rolled back: no write lock is held across files) whose results
are kept as ImportJobFile rows; the import commits file by file, as the command line does. Each
file updates the job's progress (total, done, failed, current file, latest errors), which the
job's admin page polls. Phase changes are conditional updates, so a cancel and a worker starting
the same job cannot both win.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import asdict, fields

from django_tasks import task

from notes.busy import busy_sentence, is_busy_error, retry_when_busy
from notes.importer.evidence_log import EvidenceLine
from notes.importer.pipeline import import_sources
from notes.importer.previews import TalkPreview
from notes.importer.results import FileResult, ImportResult
from notes.importer.runs import process_alive
from notes.importer.uploads import read_upload_folder, remove_upload, save_upload, upload_exists
from notes.models import ImportJob, ImportJobFile

logger = logging.getLogger(__name__)
Phase = ImportJob.Phase
SHOWN_ERRORS = 5  # failure sentences kept on the job for its progress display
_TALK_FIELDS = {f.name for f in fields(TalkPreview)}


def start_admin_import(files, user) -> ImportJob:
    """Keep the uploaded files and queue their preview; returns the job (its page shows progress)."""
    token = save_upload(files)
    job = ImportJob.objects.create(user=user, token=token, phase=Phase.PREVIEW_QUEUED)
    preview_upload.enqueue(job.pk)
    job.refresh_from_db()  # an immediate backend (tests) has already run it
    return job


def confirm_import(job: ImportJob) -> bool:
    """Queue the import of a previewed job; False when it is not (or no longer) importable."""
    if not job.can_import or not upload_exists(job.token):
        return False
    moved = _move(job, Phase.PREVIEWED, Phase.IMPORT_QUEUED, done=0, failed=0, errors=[])
    if moved:
        import_upload.enqueue(job.pk)
    job.refresh_from_db()
    return moved


def cancel_job(job: ImportJob) -> bool:
    """Cancel a job that is not being worked on, removing its upload; False if it cannot be."""
    for phase in (Phase.PREVIEW_QUEUED, Phase.PREVIEWED):
        if _move(job, phase, Phase.CANCELLED, message="Cancelled: nothing was imported."):
            remove_upload(job.token)
            job.files.all().delete()  # the preview is of no use any more
            job.refresh_from_db()
            return True
    return False


@task()
def preview_upload(job_id: int) -> str:
    """Task: dry-run every file of the job's upload, one rolled-back transaction per file."""
    job = _claim(job_id, Phase.PREVIEW_QUEUED, Phase.PREVIEWING)
    if job is None:
        return "skipped"
    can_import = False
    try:
        result = _run(job, dry_run=True)
        can_import = any(f.outcome in ("imported", "updated") for f in result.files)
        _update(job, phase=Phase.PREVIEWED, can_import=can_import, current="",
                message=result.summary_line())  # fmt: skip
    except Exception as error:  # recorded on the job as one sentence; the worker goes on
        _stop(job, error, "preview")
    except BaseException as error:  # the worker was told to stop mid-task
        _stop(job, error, "preview")
        raise
    finally:
        if not can_import:  # refused, failed or nothing new: no import will want these bytes
            remove_upload(job.token)
    return job.message


@task()
def import_upload(job_id: int) -> str:
    """Task: import the job's upload, committing file by file; the run is logged as an ImportRun."""
    job = _claim(job_id, Phase.IMPORT_QUEUED, Phase.IMPORTING)
    if job is None:
        return "skipped"
    try:
        result = _run(job, dry_run=False)
        _update(job, phase=Phase.FINISHED, run=result.run, current="",
                message=result.summary_line())  # fmt: skip
    except Exception as error:  # recorded on the job as one sentence; the worker goes on
        _stop(job, error, "import")
    except BaseException as error:  # the worker was told to stop mid-task
        _stop(job, error, "import")
        raise
    finally:
        remove_upload(job.token)
        retry_when_busy(lambda: job.files.all().delete())  # the import run is the record now
    return job.message


def _run(job: ImportJob, *, dry_run: bool) -> ImportResult:
    if not upload_exists(job.token):
        raise FileNotFoundError("the upload has expired")
    sources, failures = read_upload_folder(job.token)
    order = [f.source_name for f in failures] + [s.name for s in sources]
    _update(job, total=len(order), done=0, failed=0, errors=[], current=order[0] if order else "")

    def progress(done: int, total: int, result: FileResult) -> None:
        if dry_run:
            _keep_preview(job, done, result)
        if result.failed:
            job.failed += 1
            job.errors = [*job.errors, result.message][-SHOWN_ERRORS:]
        _update(job, done=done, current=order[done] if done < total else "",
                failed=job.failed, errors=job.errors)  # fmt: skip

    return import_sources(
        sources, dry_run=dry_run, origin="admin", user=job.user, failures=failures,
        progress=progress,
    )  # fmt: skip


def _keep_preview(job: ImportJob, position: int, result: FileResult) -> None:
    preview = {"warnings": result.warnings, "talks": [asdict(t) for t in result.talks]}
    retry_when_busy(
        lambda: ImportJobFile.objects.create(
            job=job,
            position=position,
            name=result.name[:500],
            outcome=result.outcome,
            message=result.message,
            preview=preview,
        )
    )


def preview_result(job: ImportJob) -> ImportResult:
    """The job's stored preview as the pipeline's result objects (what the preview table shows)."""
    files = []
    for row in job.files.order_by("position"):
        talks = []
        for data in row.preview.get("talks", []):
            known = {k: v for k, v in data.items() if k in _TALK_FIELDS}
            known["speakers"] = [tuple(pair) for pair in known.get("speakers", [])]
            known["themes"] = [tuple(pair) for pair in known.get("themes", [])]
            known["evidence"] = [EvidenceLine(**line) for line in known.get("evidence", [])]
            talks.append(TalkPreview(**known))
        warnings = row.preview.get("warnings", [])
        files.append(FileResult(row.name, row.outcome, row.message, warnings, talks))
    return ImportResult(files, None, dry_run=True)


def job_status(job: ImportJob) -> dict:
    """What the progress display needs, JSON-safe; closes a job whose worker process has died."""
    _close_if_orphaned(job)
    return {
        "phase": job.phase,
        "label": str(job.get_phase_display()),
        "working": job.phase in ImportJob.WORKING,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "current": job.current,
        "errors": list(job.errors),
        "message": job.message,
    }


def _close_if_orphaned(job: ImportJob) -> None:
    here = socket.gethostname()[:255]
    running = job.phase in (Phase.PREVIEWING, Phase.IMPORTING)
    if running and job.host == here and job.pid and not process_alive(job.pid):
        what = "preview" if job.phase == Phase.PREVIEWING else "import"
        _update(job, phase=Phase.FAILED, current="", message=_stopped_sentence(what))
        remove_upload(job.token)


def _claim(job_id: int, expected: str, phase: str) -> ImportJob | None:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    here = {"pid": os.getpid(), "host": socket.gethostname()[:255]}
    return job if _move(job, expected, phase, **here) else None


def _move(job: ImportJob, expected: str, phase: str, **values) -> bool:
    moved = retry_when_busy(
        lambda: ImportJob.objects.filter(pk=job.pk, phase=expected).update(phase=phase, **values)
    )
    if moved:
        job.phase = phase
        for name, value in values.items():
            setattr(job, name, value)
    return bool(moved)


def _update(job: ImportJob, **values) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    retry_when_busy(lambda: ImportJob.objects.filter(pk=job.pk).update(**values))


def _stop(job: ImportJob, error: BaseException, what: str) -> None:
    if isinstance(error, FileNotFoundError):
        message = f"The {what} stopped: the upload has expired; please upload the files again."
    elif is_busy_error(error):
        message = busy_sentence()
    elif not isinstance(error, Exception):  # SystemExit, KeyboardInterrupt: told to stop
        logger.warning("The admin %s of job %s was stopped", what, job.pk)
        message = _stopped_sentence(what)
    else:
        logger.exception("The admin %s of job %s stopped", what, job.pk)
        message = _stopped_sentence(what)
    try:
        _update(job, phase=Phase.FAILED, current="", message=message)
    except Exception:  # the database itself is gone: the page's orphan check closes the job later
        logger.exception("Could not record that job %s stopped", job.pk)


def _stopped_sentence(what: str) -> str:
    if what == "import":
        return (
            "The import stopped before the end; each file it finished is imported (see the import "
            "run), the others are not. Upload the files again to import the rest."
        )
    return (
        "The preview stopped before the end; nothing was imported. Please upload the files again."
    )
