"""python manage.py export_kb [--output FILE]: the whole knowledge base as one kb-export JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notes.services.export import export_json


class Command(BaseCommand):
    help = "Export talks, speakers, tags, summaries and claims as JSON (see docs/export-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, output=None, **options):
        text = export_json()
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write the export ({error.strerror}).") from None
        self.stderr.write(f"Exported to {output}.")
