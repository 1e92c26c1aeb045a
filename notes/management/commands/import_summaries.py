"""python manage.py import_summaries PATH... [--dry-run] [--jobs N]: import summary files, folders
and zips (``--jobs``: worker processes preparing the next files while this one writes)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from notes.busy import busy_sentence, is_busy_error
from notes.importer.archive import read_sources
from notes.importer.pipeline import import_sources
from notes.importer.prepare import default_jobs


class Command(BaseCommand):
    help = "Import markdown summaries (files, folders, .zip archives or a kb export .json)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen; write nothing"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="worker processes that read and extract the next files while this one writes "
            "(default: one less than the CPUs; 0: none)",
        )

    def handle(self, *args, paths, dry_run=False, jobs=None, **options):
        sources, failures = read_sources(paths)
        live = (
            self.stdout.isatty() and len(sources) > 20
        )  # a progress line only on long runs at a TTY

        def progress(done, total, result):
            self.stdout.write(("\r\033[K" if live else "") + result.line())
            if live and done < total:
                self.stdout.write(f"[{done}/{total}] importing…", ending="")
                self.stdout.flush()

        try:
            result = import_sources(
                sources,
                dry_run=dry_run,
                failures=failures,
                progress=progress,
                jobs=default_jobs() if jobs is None else max(0, jobs),
            )
        except OperationalError as error:
            if not is_busy_error(error):
                raise
            raise CommandError(busy_sentence()) from None  # each file already done stays done
        self.stdout.write(
            result.summary_line() + (" (dry run: nothing was written)" if dry_run else "")
        )
        stopped_at = next((f for f in result.files if f.storage_full), None)
        if stopped_at is not None:
            raise CommandError(
                f"The import stopped at {stopped_at.name}: the database or disk is full "
                f"({result.failed} file(s) not imported)."
            )
        if result.failed:
            raise CommandError(f"{result.failed} file(s) could not be imported.")
