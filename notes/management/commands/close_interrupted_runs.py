"""Close import runs whose process was killed (they would otherwise stay "running" for ever)."""

from django.core.management.base import BaseCommand

from notes.importer.runs import close_interrupted_runs


class Command(BaseCommand):
    help = "Close import runs left unfinished by a killed process, marking them interrupted."

    def handle(self, *args, **options):
        closed = close_interrupted_runs()
        noun = "run" if closed == 1 else "runs"
        self.stdout.write(f"{closed} interrupted import {noun} closed.")
