from defusedxml import DefusedXmlException

from transfer.commands import ExportFileCommand
from transfer.models import ImportedItem
from transfer.wordpress import WordPressExport


class Command(ExportFileCommand):
    help = (
        "Import a WordPress export (Tools → Export, a WXR .xml file): posts, pages, authors, "
        "categories, tags, featured and body images, comments and old permalinks. Re-running "
        "updates or skips what it imported."
    )
    source = ImportedItem.Source.WORDPRESS
    export_class = WordPressExport
    unreadable = (SyntaxError, DefusedXmlException)  # ParseError is a SyntaxError
    kind = "a WordPress export"
