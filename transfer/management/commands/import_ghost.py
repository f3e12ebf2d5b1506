from django.core.management.base import CommandError
from ijson import JSONError

from transfer.commands import ImportCommand
from transfer.ghost import GhostExport
from transfer.models import ImportedItem


class Command(ImportCommand):
    help = (
        "Import a Ghost content export (.json): posts, pages, tags (the primary tag becomes the "
        "category), authors, feature and body images, and old permalinks. Use --media-dir with "
        "Ghost's content/images folder. Re-running updates or skips what it imported."
    )
    source = ImportedItem.Source.GHOST

    def count(self, path):
        return self.export.count

    def read(self, path):
        return self.export.entries()

    def handle(self, *args, path, **options):
        try:
            self.export = GhostExport(path)
        except FileNotFoundError:
            raise CommandError(f"{path} is not a file.") from None
        except (JSONError, ValueError) as exc:
            raise CommandError(f"{path} is not a Ghost export we can read: {exc}") from exc
        super().handle(*args, path=path, **options)
