"""The import pipeline: files in, database rows and a per-file report out.

Each file runs in its own transaction: decode, front matter, extract, then persist (or restore, for a kb
export). A file that fails is rolled back alone and reported in one sentence; the others go on (a full
database or disk stops the run: later files are reported, not tried). A file
that meets a database busy with another writer is tried again a few times (notes/busy.py) and then
reported as busy. A dry run does the same per file and rolls each file back, so no write lock is held
across files: each file's preview is exactly what importing it alone into the database as it stands
would do (files of one upload that name the same talk each preview as "new talk"; importing them
joins them), and it records nothing. A real run is logged as ImportRun + ImportFile.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import DatabaseError, transaction

from notes.busy import busy_sentence, is_busy_or_conflict, retry_when_busy
from notes.importer.export_format import restore_export
from notes.importer.limits import DEFAULT_LIMITS, ImportLimits
from notes.importer.persist import DocumentOutcome, PersistContext, persist_document
from notes.importer.prepare import PreparationError, Preparer, extract_source
from notes.importer.previews import describe_outcome
from notes.importer.results import OUTCOMES, FileResult, ImportResult, Progress
from notes.importer.runs import finish_run, start_run
from notes.importer.storage_errors import is_storage_full, stopped_sentence, storage_full_sentence
from notes.importer.types import ImportFailure, SourceFile
from notes.importer.unchanged import (
    BATCH,
    batched,
    file_sha256,
    known_files,
    log_files,
    unchanged_outcomes,
)
from notes.models import ImportFile, ImportRun, Summary

logger = logging.getLogger(__name__)


def import_sources(
    sources: Iterable[SourceFile | ImportFailure],
    *,
    dry_run: bool = False,
    origin: str = "command",
    user=None,
    limits: ImportLimits = DEFAULT_LIMITS,
    failures: Iterable[ImportFailure] = (),
    progress: Progress | None = None,
    jobs: int = 0,
) -> ImportResult:
    """Import ``sources`` (and report ``failures`` met while reading them); see the module docstring.

    ``sources`` is a list or a sized stream (notes.importer.source_stream) taken one batch at a
    time; an ImportFailure in it is a file that could not be read when its turn came.
    ``progress(done, total, file_result)`` is called after each file. ``jobs``: worker processes
    that decode, extract and render the next files while this one persists (0: all done here;
    notes.importer.prepare). The results are those of a serial run either way.
    """
    with _objects_before_the_run_left_out_of_gc():
        ctx = PersistContext(limits=limits)
        ctx.preparer = Preparer(jobs, limits) if jobs > 0 else None
        try:
            return _import_sources(sources, ctx, dry_run, origin, user, failures, progress)
        finally:
            if ctx.preparer is not None:
                ctx.preparer.close()


@contextmanager
def _objects_before_the_run_left_out_of_gc():
    """The cyclic garbage collector skips the objects that exist when the run starts (Django, the
    extractor's tables, jieba): they outlive the run, and scanning them again on every full
    collection cost ~20 ms per imported file (docs/decisions.md, "Import speed"). Put back after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import_sources(sources, ctx, dry_run, origin, user, failures, progress) -> ImportResult:
    failed_reads = [FileResult(f.source_name, "failed", str(f)) for f in failures]
    if dry_run:
        ctx.duplicates.prepare()
        results = _import_all(sources, ctx, failed_reads, progress, run=None, dry_run=True)
        return ImportResult(results, None, dry_run=True)
    account = user if getattr(user, "is_authenticated", False) else None
    try:
        run = retry_when_busy(lambda: start_run(origin=origin, user=account))
    except DatabaseError as error:
        if not is_storage_full(error):
            raise
        names = [f.name for f in failed_reads] + [_name_of(s) for s in sources]
        return ImportResult([_stopped(name) for name in names], None, dry_run=False)
    try:
        results = _import_all(sources, ctx, failed_reads, progress, run=run)
    except BaseException:  # Ctrl-C or a bug outside a file's transaction: the run did not finish
        _finish_if_possible(run, ImportRun.Status.INTERRUPTED)
        raise
    counts = {o: sum(1 for r in results if r.outcome == o) for o in OUTCOMES}
    _finish_if_possible(run, ImportRun.Status.FINISHED, counts=counts)
    return ImportResult(results, run, dry_run=False)


def _finish_if_possible(run: ImportRun, status: str, counts: dict | None = None) -> None:
    """Close the run; on a full database leave it running (the next import closes it as interrupted)."""
    try:
        retry_when_busy(lambda: finish_run(run, status, counts=counts))
    except DatabaseError as error:
        if not is_storage_full(error):
            raise
        logger.warning("Import run %s could not be closed: the database or disk is full.", run.pk)


def _import_all(sources, ctx, failed_reads, progress, run, dry_run=False) -> list[FileResult]:
    """Every file in order; sources are taken one batch at a time (an iterable is never listed)."""
    total = len(sources) + len(failed_reads)
    results: list[FileResult] = []

    def report(result: FileResult) -> None:
        results.append(result)
        if progress:
            progress(len(results), total, result)

    for result in failed_reads:
        report(_record_failure(run, result))
    stopped = False
    for batch in batched(sources, BATCH):
        if stopped:  # every later write would fail the same way: not even logged
            for later in batch:
                report(_stopped(_name_of(later)))
            continue
        readable = []
        for item in batch:
            if isinstance(item, ImportFailure):  # could not be read when its turn came
                report(_record_failure(run, FileResult(item.source_name, "failed", str(item))))
            else:
                readable.append(item)
        stopped = _import_batch(readable, ctx, run, dry_run, report)
    return results


def _name_of(item: SourceFile | ImportFailure) -> str:
    return item.source_name if isinstance(item, ImportFailure) else item.name


def _import_batch(batch: list[SourceFile], ctx, run, dry_run, report) -> bool:
    """Import one batch: known files in bulk, the others one by one. Returns whether to stop.

    The check of which files are known is redone only when a file just written may have changed
    the answer for a later one (its own bytes again, an updated or merged talk, a talk they share).
    """
    hashes = [file_sha256(source) for source in batch]
    known: dict | None = known_files(hashes)
    ahead = ctx.preparer and ctx.preparer.ahead(
        [(source, h) for source, h in zip(batch, hashes, strict=True) if h and h not in known]
    )
    index = 0
    while index < len(batch):
        if known is None:
            known = known_files(hashes[index:])
        end = index
        while end < len(batch) and hashes[end] in known:
            end += 1
        if end > index:
            results = _unchanged(batch[index:end], [known[h] for h in hashes[index:end]], ctx, run)
            for result in results:
                report(result)
            if any(result.storage_full for result in results):
                return _stop_after(batch[end:], report)
            index = end
            continue
        ctx.prepared = ahead.take(batch[index]) if ahead else None
        try:
            result = import_one(
                batch[index], ctx, run, dry_run=dry_run, checked=bool(hashes[index])
            )
        finally:
            ctx.prepared = None
        report(result)
        if result.storage_full:
            return _stop_after(batch[index + 1 :], report)
        if (
            not dry_run
            and not result.failed
            and _may_change_known(result, ctx, hashes, index, known)
        ):
            known = None
        index += 1
    return False


def _stop_after(later: list[SourceFile], report) -> bool:
    for source in later:
        report(_stopped(source.name))
    return True


def _may_change_known(result: FileResult, ctx, hashes: list, index: int, known: dict) -> bool:
    """Whether the file just written may have changed how a later file of the batch is known."""
    if result.outcome == "updated" or ctx.merged_talk_ids or hashes[index] in hashes[index + 1 :]:
        return True
    touched = {talk.talk_id for talk in result.talks}
    return any(s.talk_id in touched for h in hashes[index + 1 :] for s in known.get(h, ()))


def _unchanged(
    sources: list[SourceFile], groups: list[list[Summary]], ctx, run
) -> list[FileResult]:
    """Results for files already imported, logged together; on a failed log, file by file."""
    outcomes = unchanged_outcomes(groups)
    results = [
        _success(source, outcome, []) for source, outcome in zip(sources, outcomes, strict=True)
    ]
    if run is None:
        return results
    try:
        retry_when_busy(lambda: log_files(run, [_log_row(run, r) for r in results]))
    except DatabaseError as error:
        if is_storage_full(error):
            return [_failure_of(sources[0].name, error)] + [_stopped(s.name) for s in sources[1:]]
        # e.g. a summary deleted meanwhile: each file checks again on its own
        return [import_one(source, ctx, run) for source in sources]
    return results


def _stopped(name: str) -> FileResult:
    return FileResult(name, "failed", stopped_sentence(name), storage_full=True)


def _log_file(run: ImportRun, result: FileResult) -> None:
    _log_row(run, result).save()


def _log_row(run: ImportRun, result: FileResult) -> ImportFile:
    return ImportFile(
        run=run,
        name=result.name[:500],
        outcome=result.outcome,
        message=result.message,
        warnings=result.warnings,
        talk_id=result.talk_id,
        summary_id=result.summary_id,
    )


def _record_failure(run: ImportRun | None, result: FileResult) -> FileResult:
    """Log a failed file in its own transaction; when the database is full, say so on the console."""
    if run is None:
        return result

    def write():
        with transaction.atomic():
            _log_file(run, result)

    try:
        retry_when_busy(write)
    except DatabaseError as error:
        if not is_storage_full(error):
            raise
        logger.warning(
            "Not logged in the import run (the database or disk is full): %s", result.message
        )
    return result


def import_one(
    source: SourceFile,
    ctx: PersistContext,
    run: ImportRun | None = None,
    *,
    dry_run: bool = False,
    checked: bool = False,
) -> FileResult:
    """Import one file in its own transaction, logged in ``run``; never raises for a bad file.

    A success is logged inside the file's transaction, so a process killed at any moment leaves each
    file either committed and logged or absent (a failure is logged after its rollback). A dry run
    rolls the file back. A file that meets a busy database is retried, then reported in one sentence.
    ``checked``: the caller just found no summary with the file's bytes, so the first attempt does
    not ask again (a retry does: another importer may have committed the same file meanwhile).
    """
    written_before = set(ctx.written_summary_ids)
    attempts = []

    def attempt():
        ctx.merged_talk_ids = []
        ctx.written_summary_ids = set(written_before)  # a failed attempt's rows were rolled back
        attempts.append(1)
        try:
            with transaction.atomic():
                ctx.known_new = checked and len(attempts) == 1
                outcome, warnings = _import_in_transaction(source, ctx)
                result = _success(source, outcome, warnings)
                if dry_run:
                    transaction.set_rollback(True)
                elif run is not None:
                    _log_file(run, result)
        except BaseException:
            ctx.cache.clear()  # it may hold rows this attempt created: they were rolled back
            raise
        if dry_run:
            ctx.cache.clear()
        return outcome, result

    try:
        outcome, result = retry_when_busy(attempt, retry_on=is_busy_or_conflict)
    except ImportFailure as failure:
        return _record_failure(run, FileResult(source.name, "failed", str(failure)))
    except Exception as error:  # any bug must cost one file, not the run
        return _record_failure(run, _failure_of(source.name, error))
    if dry_run:
        ctx.written_summary_ids = written_before  # nothing of this file exists after the rollback
    else:
        for talk_id in ctx.merged_talk_ids:
            ctx.duplicates.forget(talk_id)
        for talk_id, fingerprint in outcome.fingerprints.items():
            ctx.duplicates.remember(talk_id, fingerprint)  # only once the file's rows are committed
    return result


def _failure_of(name: str, error: Exception) -> FileResult:
    """The one-sentence result for a file whose import raised ``error`` (call inside ``except``)."""
    if is_storage_full(error):
        return FileResult(name, "failed", storage_full_sentence(name), storage_full=True)
    if is_busy_or_conflict(error):
        return FileResult(name, "failed", busy_sentence(name))
    if isinstance(error, PreparationError):  # met in a worker process: its own traceback
        logger.error("Importing %s failed\n%s", name, error.trace)
        message = f"{name}: could not be imported (internal error: {error.type_name})."
        return FileResult(name, "failed", message)
    logger.exception("Importing %s failed", name)
    message = f"{name}: could not be imported (internal error: {type(error).__name__})."
    return FileResult(name, "failed", message)


def _success(source: SourceFile, outcome: DocumentOutcome, warnings: list) -> FileResult:
    return FileResult(
        name=source.name,
        outcome=outcome.outcome,
        message=describe_outcome(outcome),
        warnings=warnings,
        talks=outcome.talks,
        talk_id=getattr(outcome.talk, "pk", None),
        summary_id=getattr(outcome.summary, "pk", None),
    )


def _import_in_transaction(source: SourceFile, ctx: PersistContext) -> tuple[DocumentOutcome, list]:
    sha256 = file_sha256(source)
    if sha256 is None:
        ctx.cache.clear()  # an export may rename or merge speakers and tags and change themes
        return restore_export(source, ctx.limits), []
    known = {} if ctx.known_new else known_files([sha256])
    if known:
        return unchanged_outcomes([known[sha256]])[0], []
    if ctx.prepared is not None:
        doc = ctx.prepared.document()
    else:
        doc = extract_source(source, sha256, ctx.limits)
    return persist_document(doc, ctx), list(doc.warnings)
