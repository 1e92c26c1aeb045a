"""Markdown to sanitised HTML, with bounded time.

Python-Markdown is quadratic on some inputs ("[a" * 4000 takes ~5 s, * 20000 minutes). Two bounds
(docs/decisions.md, "Rendering markdown"): a linear pre-check that estimates the renderer's work from
unclosed brackets and refuses pathological input at once, and a wall-clock deadline enforced by a
timer thread, which stops a render that still runs too long. The HTML is then cleaned by nh3 with
an explicit allow-list, so nothing from a file (raw HTML included) reaches a page unsanitised.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time

import markdown
import nh3

from .limits import DEFAULT_LIMITS, ImportLimits
from .structure import check_structure
from .types import ImportFailure

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
        "em", "strong", "del", "sup", "sub", "abbr", "a", "img",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "details", "summary",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https"})  # plus relative URLs
LINK_REL = "nofollow noopener noreferrer"

MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "mdx_truly_sane_lists"]
MARKDOWN_CONFIG = {"mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": True}}

# Renderer work units per second of budget. Measured: one unit (a character scanned from an
# unclosed "[" to the end of its paragraph) costs 250-460 ns, so ~2.5 M units take a second;
# 600 k per second leaves a 4x margin. Real summaries score under 1,000 units in total.
WORK_UNITS_PER_SECOND = 600_000
_ANGLE_WEIGHT = 0.2  # "<" scans (raw HTML, autolinks) cost ~55 ns per unit
_ABBREVIATION_WEIGHT = 0.2  # each *[abbr]: definition re-scans the document, ~50 ns per char

_BRACKETS = re.compile(r"[\[\]<>]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ABBREVIATION = re.compile(r"(?m)^ {0,3}\*\[[^\]\n]+\]:")
_DETAILS_OPEN = re.compile(r"(?i)^([ \t]{0,3})<details(?![^>]*\bmarkdown\s*=)([^>]*)>")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

_local = threading.local()


class RenderRefused(ImportFailure):
    """The markdown cannot be rendered within the limits; the pipeline reports it per file."""

    def __init__(self, problem: str, source_name: str = "The summary"):
        super().__init__(source_name, problem)


class RenderTooSlow(RenderRefused):
    pass


class _DeadlinePassed(BaseException):
    """Raised by the deadline's timer; a BaseException so ``except Exception`` cannot swallow it."""


def render_markdown(
    markdown_text: str, limits: ImportLimits = DEFAULT_LIMITS, *, source_name: str = "The summary"
) -> str:
    """Render markdown to sanitised HTML, or raise RenderRefused / RenderTooSlow."""
    size = len(markdown_text.encode("utf-8"))
    if size > limits.max_markdown_bytes:
        raise RenderRefused(
            f"its markdown is {size // 1024:,} KiB, more than the "
            f"{limits.max_markdown_bytes // 1024:,} KiB that can be displayed",
            source_name,
        )
    check_structure(markdown_text, source_name, limits)
    work = estimate_work(markdown_text)
    if work > limits.max_render_seconds * WORK_UNITS_PER_SECOND:
        raise RenderTooSlow(
            "its markdown has so many unclosed '[' or '<' brackets (or abbreviation "
            "definitions) that it cannot be displayed in reasonable time",
            source_name,
        )
    html = _render_with_deadline(_enable_markdown_in_details(markdown_text), limits, source_name)
    return shift_headings(sanitise_html(html))


# A summary is shown inside a page under an <h3> (its file name), so its own headings start at <h4>
# and the page keeps its heading order for screen readers.
SUMMARY_TOP_HEADING = 4
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def shift_headings(html: str, top: int = SUMMARY_TOP_HEADING) -> str:
    """Move every heading down so the shallowest one is ``<h{top}>``, keeping their relative levels (≤ h6)."""
    levels = [int(level) for _, level in _HEADING_TAG.findall(html)]
    if not levels:
        return html
    offset = top - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + offset)}>", html)


def sanitise_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and http(s)/relative URLs; add rel to links."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # "*": nothing on every tag (nh3 would otherwise allow lang and title everywhere)
        attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def estimate_work(text: str) -> int:
    """Linear estimate of Python-Markdown's inline work (see WORK_UNITS_PER_SECOND)."""
    units = 0.0
    for paragraph in _PARAGRAPH_BREAK.split(text):
        end = len(paragraph)
        open_squares: list[int] = []
        open_angles: list[int] = []
        for match in _BRACKETS.finditer(paragraph):
            char, index = match.group(), match.start()
            if char == "[":
                open_squares.append(index)
            elif char == "]":
                if open_squares:
                    units += index - open_squares.pop()
            elif char == "<":
                open_angles.append(index)
            else:
                units += _ANGLE_WEIGHT * sum(index - start for start in open_angles)
                open_angles.clear()
        units += sum(end - start for start in open_squares)
        units += _ANGLE_WEIGHT * sum(end - start for start in open_angles)
    units += _ABBREVIATION_WEIGHT * len(_ABBREVIATION.findall(text)) * len(text)
    return int(units)


def _enable_markdown_in_details(text: str) -> str:
    """``<details>`` blocks get markdown="1" so md_in_html renders the paragraphs inside them.

    Lines inside fenced code blocks are left alone: there ``<details>`` is an example, not HTML.
    """
    if "<details" not in text.lower():
        return text
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        marker = _FENCE.match(line)
        if marker and (not fence or marker.group(1).startswith(fence)):
            fence = "" if fence else marker.group(1)
        elif not fence:
            lines[index] = _DETAILS_OPEN.sub(r'\1<details markdown="1"\2>', line)
    return "\n".join(lines)


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: instances are reusable but not thread-safe."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG
        )
        _local.converter = converter
    return converter


def _render_with_deadline(text: str, limits: ImportLimits, source_name: str) -> str:
    """Convert ``text``, refusing it once ``limits.max_render_seconds`` of wall clock have passed.

    A timer thread raises _DeadlinePassed in the rendering thread when the time is up
    (PyThreadState_SetAsyncExc: delivered at the render's next bytecode), so a render that finishes in
    time pays nothing per call, and profilers, debuggers and coverage tools are left alone. The clock
    is also read once the render returns, so a render that overran is refused either way.
    """
    converter = _converter()  # built before the clock starts: it is not the file's work
    deadline = time.monotonic() + limits.max_render_seconds
    alarm = _Alarm(threading.get_ident())
    timer = threading.Timer(limits.max_render_seconds, alarm.ring)
    timer.daemon = True
    timer.start()
    try:
        try:
            alarm.arm()  # only now: a raise must never land inside threading's own start-up
            html = _convert(converter, text, limits, source_name)
        finally:
            alarm.disarm()
            timer.cancel()
    except _DeadlinePassed:  # delivered after _convert's own handler, while disarming
        _local.converter = None
        raise _too_slow(limits, source_name) from None
    if time.monotonic() > deadline:
        _local.converter = None
        raise _too_slow(limits, source_name)
    return html


class _Alarm:
    """Raises _DeadlinePassed in one thread, unless disarmed first; disarming withdraws a raise
    that was sent but not yet delivered, so it can never surface after the render."""

    def __init__(self, thread_id: int):
        self.thread_id = thread_id
        self.lock = threading.Lock()
        self.armed = False
        self.rang = False

    def arm(self) -> None:
        with self.lock:
            self.armed = True

    def ring(self) -> None:
        with self.lock:
            if self.armed:
                self.rang = True
                _set_async_exc(self.thread_id, _DeadlinePassed)

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
            if self.rang:
                _set_async_exc(self.thread_id, None)


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def _convert(converter, text: str, limits: ImportLimits, source_name: str) -> str:
    try:
        return converter.reset().convert(text)
    except _DeadlinePassed:
        _local.converter = None  # its state is half-way through a document
        raise _too_slow(limits, source_name) from None
    except RecursionError:
        _local.converter = None
        raise RenderRefused(
            "its markdown nests lists or quotes too deeply to be displayed", source_name
        ) from None


def _too_slow(limits: ImportLimits, source_name: str) -> RenderTooSlow:
    return RenderTooSlow(
        f"its markdown took more than {limits.max_render_seconds:g} seconds to display",
        source_name,
    )
