from defusedxml import DefusedXmlException
from django.core.management.base import CommandError

from transfer.commands import ImportCommand
from transfer.models import ImportedItem
from transfer.wordpress import WordPressExport


class Command(ImportCommand):
    help = (
        "Import a WordPress export (Tools → Export, a WXR .xml file): posts, pages, authors, "
        "categories, tags, featured and body images, comments and old permalinks. Re-running "
        "updates or skips what it imported."
    )
    source = ImportedItem.Source.WORDPRESS

    def count(self, path):
        return self.export.count

    def read(self, path):
        return self.export.entries()

    def handle(self, *args, path, **options):
        try:
            self.export = WordPressExport(path)
        except FileNotFoundError:
            raise CommandError(f"{path} is not a file.") from None
        except (SyntaxError, DefusedXmlException) as exc:  # ParseError is a SyntaxError
            raise CommandError(f"{path} is not a WordPress export we can read: {exc}") from exc
        super().handle(*args, path=path, **options)
