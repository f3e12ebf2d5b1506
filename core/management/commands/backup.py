from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media into a new directory, with a manifest of row counts "
        "and checksums (core/backup.py). SECRET_KEY is not included: keep it separately."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="a new or empty directory (default: backups/<date and time>)",
        )

    def handle(self, *args, directory=None, **options):
        directory = directory or f"backups/{timezone.now():%Y%m%d-%H%M%S}"
        try:
            manifest = backup_create(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows ({manifest['engine']}) and {len(manifest['media'])} "
                f"media files to {directory}"
            )
        )
