"""The render deadline: it coexists with profilers (cProfile, a Python profile function, an import
run), interrupts a render still running, and never raises after the render returned."""

import contextlib
import cProfile
import pstats
import sys

import pytest

from notes.importer import render
from notes.importer.pipeline import import_sources
from notes.importer.render import RenderTooSlow, render_markdown
from notes.importer.types import SourceFile

TEXT = "# Title\n\n" + "Some *emphasis* and `code`.\n\n" * 50


def test_render_under_cprofile_keeps_the_profiler_running():
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        html = render_markdown(TEXT)
        after = [len(str(n)) for n in range(50)]  # profiled code after the render still runs
    finally:
        profiler.disable()
    assert "<h4>Title</h4>" in html and after
    functions = {name for _, _, name in pstats.Stats(profiler).stats}
    assert "convert" in functions  # the render itself was profiled
    assert any("disable" in name for name in functions)  # still the active profiler at the end


def test_render_chains_a_python_profile_function_and_restores_it():
    events = []

    def counting(frame, event, arg):
        events.append(event)

    sys.setprofile(counting)
    try:
        render_markdown(TEXT)
        active = sys.getprofile()
    finally:
        sys.setprofile(None)
    assert active is counting
    assert len(events) > 100  # it kept seeing calls during the render


def test_the_deadline_still_holds_under_cprofile(monkeypatch):
    readings = iter(range(0, 10**9, 60))
    monkeypatch.setattr(render.time, "monotonic", lambda: next(readings))
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        with pytest.raises(RenderTooSlow):
            render_markdown(TEXT)
    finally:
        profiler.disable()


@pytest.mark.django_db
def test_an_import_runs_under_cprofile():
    note = "# A profiled talk\n\n- One point about profiling.\n- Another about deadlines.\n"
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        result = import_sources([SourceFile("profiled.md", note.encode())])
    finally:
        profiler.disable()
    assert result.imported == 1, result.files[0].message


class _EndlessConverter:
    """A converter stuck in Python code until it is interrupted (or 30 s pass)."""

    finished = False

    def reset(self):
        return self

    def convert(self, text):
        import time

        stop = time.monotonic() + 30
        while time.monotonic() < stop:
            pass
        _EndlessConverter.finished = True
        return text


def test_the_deadline_interrupts_a_render_still_running(monkeypatch):
    from notes.importer.limits import ImportLimits

    monkeypatch.setattr(render, "_converter", _EndlessConverter)

    with pytest.raises(RenderTooSlow, match=r"took more than 0\.2 seconds"):
        render_markdown(TEXT, ImportLimits(max_render_seconds=0.2))

    assert not _EndlessConverter.finished  # stopped by the timer, not by the clock read after
    monkeypatch.undo()
    assert "<h4>Title</h4>" in render_markdown("# Title")  # and no raise is left pending


def test_a_render_in_time_leaves_no_raise_pending_for_later_code():
    import time

    from notes.importer.limits import ImportLimits

    for _ in range(50):  # deadlines about as long as the render: some ring during it
        with contextlib.suppress(RenderTooSlow):
            render_markdown("# Short\n\n- a\n- b\n", ImportLimits(max_render_seconds=0.002))
    stop = time.monotonic() + 0.1
    while time.monotonic() < stop:  # a deadline that rang late would surface here
        pass
