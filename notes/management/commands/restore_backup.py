"""python manage.py restore_backup FOLDER [--force]: restore a backup made by manage.py backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notes.services.backup import BackupError, restore_backup
from notes.services.database_copy import CopyError


class Command(BaseCommand):
    help = (
        "Restore a backup folder into a fresh database: from its byte-level copy when it was taken "
        "from the same kind of database, else from its kb export. Refuses a database that holds "
        "talks or curation unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that is not empty"
        )

    def handle(self, *args, folder, force=False, **options):
        try:
            restored = restore_backup(Path(folder), force=force)
        except (BackupError, CopyError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {restored.folder} from {restored.source}.")
