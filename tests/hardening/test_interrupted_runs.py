"""Import runs a killed process left unfinished are closed as interrupted, never left "running"."""

import socket
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from notes.importer.pipeline import import_sources
from notes.importer.runs import close_interrupted_runs
from notes.importer.types import SourceFile
from notes.models import ImportFile, ImportRun

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    """The process id of a process that has already exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def killed_run(**fields) -> ImportRun:
    """A run as a SIGKILLed import leaves it: started, one file recorded, never finished."""
    fields = {"pid": dead_pid(), "host": socket.gethostname(), **fields}
    run = ImportRun.objects.create(origin="command", status=ImportRun.Status.RUNNING, **fields)
    ImportFile.objects.create(run=run, name="a.md", outcome="imported", message="Created it.")
    return run


def test_the_next_import_closes_a_killed_run():
    run = killed_run()

    result = import_sources([SourceFile("b.md", b"# A talk\n\n- A point.\n")])

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.finished is not None
    assert run.imported == 1  # counted from the files it did record
    assert result.run.status == ImportRun.Status.FINISHED


def test_a_live_run_is_left_alone():
    import os

    run = killed_run(pid=os.getpid())

    assert close_interrupted_runs() == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING


def test_the_management_command_closes_killed_runs():
    run = killed_run()
    out = StringIO()

    call_command("close_interrupted_runs", stdout=out)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert "1 interrupted import run closed" in out.getvalue()


def test_an_exception_mid_run_marks_it_interrupted(monkeypatch):
    from notes.importer import pipeline

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "import_one", stop)
    with pytest.raises(KeyboardInterrupt):
        import_sources([SourceFile("c.md", b"# T\n\n- P.\n")])
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.finished is not None
