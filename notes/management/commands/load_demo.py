"""Load the demo summaries (demo/) through the importer when the knowledge base is empty."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from notes.importer.archive import read_sources
from notes.importer.pipeline import import_sources
from notes.models import Talk

DEMO_DIR = Path(settings.BASE_DIR) / "demo"


class Command(BaseCommand):
    help = "Import the demo summaries in demo/ if there are no talks yet (use --force to import anyway)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="import even when talks exist")

    def handle(self, *args, force=False, **options):
        if Talk.objects.exists() and not force:
            self.stdout.write("The knowledge base has talks already; demo data not loaded.")
            return
        sources, failures = read_sources([DEMO_DIR])
        result = import_sources(sources, origin="demo")
        for failure in failures:
            self.stderr.write(str(failure))
        for file in result.files:
            if file.outcome == "failed":
                self.stderr.write(file.message)
        self.stdout.write(
            f"Demo data: {result.imported} imported, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.failed + len(failures)} failed."
        )
