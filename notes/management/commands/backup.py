"""python manage.py backup [--into DIR]: the export plus a byte-level copy, in DIR/<UTC timestamp>/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from notes.services.backup import BackupError, make_backup
from notes.services.database_copy import CopyError


class Command(BaseCommand):
    help = (
        "Back up the knowledge base into backups/<timestamp>/: the kb export and a byte-level copy "
        "(SQLite's online backup, or pg_dump for PostgreSQL). Safe while the server runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            metavar="DIR",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="folder that receives the backup folder (default: backups/ in the project)",
        )

    def handle(self, *args, into, **options):
        try:
            folder = make_backup(Path(into))
        except (BackupError, CopyError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{into}: cannot write the backup ({error.strerror}).") from None
        self.stdout.write(f"Backed up to {folder}.")
