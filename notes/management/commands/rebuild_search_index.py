"""manage.py rebuild_search_index: empty the claim search index and index every claim again."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from notes.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the claim search index from the claims in the database and print the count."

    def handle(self, *args, **options):
        started = time.perf_counter()
        indexed = rebuild_index()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {indexed:,} claim{'s' if indexed != 1 else ''} "
                f"({connection.vendor}) in {seconds:.1f} s."
            )
        )
