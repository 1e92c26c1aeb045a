"""The life of an ImportRun: started by a process, finished, or closed as interrupted.

A process killed mid-import (SIGKILL, a gunicorn worker timeout, a power cut) cannot close its run,
and each file already committed stays committed. So a run records the pid and host that run it; the
next import (or `manage.py close_interrupted_runs`) closes every run whose process is gone, counting
the files it did record. Runs from another host cannot be checked and are closed after a day.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from notes.models import ImportRun

OTHER_HOST_GRACE = dt.timedelta(days=1)
_OUTCOMES = ("imported", "updated", "unchanged", "failed")


def start_run(*, origin: str, user=None) -> ImportRun:
    """A new running ImportRun owned by this process.

    Its writes run in a transaction (BEGIN IMMEDIATE on SQLite), which waits for a busy database; a
    bare autocommit write racing another importer in WAL mode can fail at once with "database is
    locked", never waiting out the busy timeout.
    """
    with transaction.atomic(savepoint=False):
        close_interrupted_runs()
        return ImportRun.objects.create(
            origin=origin,
            user=user,
            dry_run=False,
            status=ImportRun.Status.RUNNING,
            pid=os.getpid(),
            host=socket.gethostname()[:255],
        )


def finish_run(
    run: ImportRun, status: str = ImportRun.Status.FINISHED, counts: dict[str, int] | None = None
) -> None:
    """Close ``run`` with ``status``; ``counts`` per outcome, else counted from its recorded files."""
    if counts is None:
        rows = run.files.values("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
        counts = dict(rows)
    for outcome in _OUTCOMES:
        setattr(run, outcome, counts.get(outcome, 0))
    run.status = status
    run.finished = timezone.now()
    with transaction.atomic(savepoint=False):  # waits for a busy database (see start_run)
        run.save()


def close_interrupted_runs() -> int:
    """Close every running run whose process is gone; returns how many were closed."""
    here = socket.gethostname()[:255]
    closed = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING):
        if run.host == here:
            gone = not run.pid or not process_alive(run.pid)
        else:
            gone = run.started < timezone.now() - OTHER_HOST_GRACE
        if gone:
            finish_run(run, ImportRun.Status.INTERRUPTED)
            closed += 1
    return closed


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
