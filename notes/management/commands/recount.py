"""manage.py recount: rebuild the counter rows the pages show from a fresh count of the claims."""

import time

from django.core.management.base import BaseCommand

from notes.services.counters import recount_all


class Command(BaseCommand):
    help = (
        "Recompute the claim and talk counts per tag, speaker and talk from the claims "
        "(after a bulk load, or to check that nothing drifted)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        talks = recount_all()
        self.stdout.write(f"Recounted {talks} talks in {time.perf_counter() - started:.1f} s.")
