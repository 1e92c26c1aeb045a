"""The pure part of importing a file — decode, front matter, extract, render — for worker processes.

None of it reads or writes the database, so on several cores the next files of a run are prepared
by a pool of processes while this process persists the current one (``import_sources(jobs=N)``,
docs/decisions.md "Parallel extraction"). The main process takes the results in the files' order,
so reports, their order and every written row are those of a serial run; a failure met in a worker
travels back as its sentence's parts and is raised in the main process where a serial run raises
it (decoding, front matter and extraction before persisting; a render refusal at the render).
At most ``window`` files are prepared ahead, so memory stays flat however many files a run has.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import traceback
from collections import deque
from dataclasses import dataclass

from notes.importer.decode import decode_bytes
from notes.importer.frontmatter import split_front_matter
from notes.importer.limits import ImportLimits
from notes.importer.structure import check_structure
from notes.importer.types import ImportFailure, ParsedDocument, ParsedTalk, SourceFile

MAX_DEFAULT_JOBS = 4  # beyond this the one persisting process is the bottleneck anyway


def default_jobs() -> int:
    """Worker processes for a command-line import: every core but the one that persists (0: none)."""
    if not can_fork():
        return 0
    return max(0, min(MAX_DEFAULT_JOBS, (os.cpu_count() or 1) - 1))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def extract_source(source: SourceFile, sha256: str, limits: ImportLimits) -> ParsedDocument:
    """Decode, split the front matter, check the structure and extract ``source`` (no database)."""
    from notes.importer.extract import extract_document  # the extractor is the heaviest import

    decoded = decode_bytes(source.name, source.data)
    front = split_front_matter(source.name, decoded.text, limits)
    check_structure(front.body, source.name, limits, first_line=max(front.body_line, 1))
    doc = extract_document(source.name, sha256, decoded, front)
    if not doc.talks:
        raise ImportFailure(source.name, "no talk could be found in this file")
    return doc


def shown_markdown(doc: ParsedDocument, parsed: ParsedTalk) -> str:
    """The markdown a talk's summary displays: the part's text without cover and promotion blocks."""
    from notes.importer.extract.hidden import readable_markdown

    if parsed.markdown and parsed.readable is not None:
        return parsed.readable
    return readable_markdown(parsed.markdown or part_raw(doc, parsed))


def part_raw(doc: ParsedDocument, parsed: ParsedTalk) -> str:
    """The source text of one talk of the file (the whole file when it holds one talk)."""
    return parsed.raw or (doc.text if len(doc.talks) == 1 else "")


@dataclass
class Prepared:
    """One file's pure work: its document and each part's HTML, or the failure a serial run meets."""

    doc: ParsedDocument | None = None
    html: list[str | tuple] | None = None  # per part: HTML, or a failure's (name, problem, line)
    bodies: dict[str, list[str]] | None = None  # {claim text: its search tokens}
    phrases: list[tuple] | None = None  # per part: duplicates.text_phrases of its claim texts
    failure: tuple | None = None  # (source name, problem, line) of an ImportFailure
    error: tuple | None = None  # (exception type name, traceback text) of a bug

    def document(self) -> ParsedDocument:
        """The document, or raise what preparing it raised in the worker."""
        if self.failure is not None:
            raise ImportFailure(*self.failure)
        if self.error is not None:
            raise PreparationError(*self.error)
        return self.doc

    def html_of(self, part: int) -> str:
        """Part ``part``'s HTML, or raise its render refusal."""
        html = self.html[part]
        if isinstance(html, tuple):
            raise ImportFailure(*html)
        return html


class PreparationError(Exception):
    """A bug met while preparing a file in a worker; reported as that file's internal error."""

    def __init__(self, type_name: str, trace: str):
        super().__init__(type_name, trace)
        self.type_name, self.trace = type_name, trace


def prepare_source(source: SourceFile, sha256: str, limits: ImportLimits) -> Prepared:
    """Everything of importing ``source`` that needs no database (run in a worker process)."""
    from notes.importer.duplicates import text_phrases
    from notes.importer.render import render_markdown
    from notes.search.tokenizer import token_texts

    try:
        doc = extract_source(source, sha256, limits)
        html: list[str | tuple] = []
        for parsed in doc.talks:
            try:
                html.append(
                    render_markdown(
                        shown_markdown(doc, parsed), limits, source_name=doc.source_name
                    )
                )
            except ImportFailure as refusal:
                html.append(_parts(refusal))
        texts = {claim.text for parsed in doc.talks for claim in parsed.claims}
        phrases = [text_phrases([claim.text for claim in parsed.claims]) for parsed in doc.talks]
        return Prepared(
            doc=doc,
            html=html,
            bodies={text: token_texts(text) for text in texts},
            phrases=phrases,
        )
    except ImportFailure as failure:
        return Prepared(failure=_parts(failure))
    except Exception as error:  # a bug costs this file only, as in a serial run
        return Prepared(error=(type(error).__name__, traceback.format_exc()))


def _parts(failure: ImportFailure) -> tuple:
    return (failure.source_name, failure.problem, failure.line)


class Preparer:
    """A pool of worker processes preparing files ahead of the one being persisted."""

    def __init__(self, jobs: int, limits: ImportLimits):
        self.jobs, self.limits = jobs, limits
        self.window = 2 * jobs + 1
        self._pool = None  # started when a file first needs it: an unchanged re-run forks nothing

    @property
    def pool(self):
        if self._pool is None:
            # fork: the workers start with this process's modules and tables already loaded; they
            # never touch its database connection, and are killed (not closed) at the end
            self._pool = multiprocessing.get_context("fork").Pool(
                self.jobs, initializer=_end_with_parent, initargs=(os.getpid(),)
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def ahead(self, items: list[tuple[SourceFile, str]]) -> PreparedQueue | None:
        """The files of one batch that will need extracting, prepared in order, ``window`` ahead."""
        return PreparedQueue(self, items) if items else None


def _end_with_parent(parent: int) -> None:
    """A worker is killed with the process that started it (Linux): an import killed with SIGKILL
    must not leave its workers waiting for work forever."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before the request above: end now
        os._exit(0)


_PR_SET_PDEATHSIG = 1


class PreparedQueue:
    """Results of one batch's files in order; each is asked for once, by its file's position."""

    def __init__(self, preparer: Preparer, items: list[tuple[SourceFile, str]]):
        self.preparer = preparer
        self.waiting = deque(items)
        self.pending: deque = deque()
        self._fill()

    def _fill(self) -> None:
        while self.waiting and len(self.pending) < self.preparer.window:
            source, sha256 = self.waiting.popleft()
            task = self.preparer.pool.apply_async(
                prepare_source, (source, sha256, self.preparer.limits)
            )
            self.pending.append((source, task))

    def take(self, source: SourceFile) -> Prepared | None:
        """The prepared ``source``, or None when it was not sent (files before it are dropped)."""
        if not any(sent is source for sent, _ in (*self.pending, *self.waiting)):
            return None
        while self.pending:
            sent, task = self.pending.popleft()
            self._fill()
            if sent is source:
                return task.get()
        return None
