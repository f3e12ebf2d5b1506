from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace this site's database and media with a backup made by `manage.py backup`, after "
        "checking every checksum (core/backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's directory")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, directory, no_input=False, **options):
        if not no_input:
            answer = input(
                f"This replaces the whole database and every media file with {directory}. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            manifest = backup_restore(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['rows'].values())} rows and {len(manifest['media'])} "
                f"media files from {directory} (made {manifest['created']})"
            )
        )
