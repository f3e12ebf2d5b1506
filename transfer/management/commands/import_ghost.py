from ijson import JSONError

from transfer.commands import ExportFileCommand
from transfer.ghost import GhostExport
from transfer.models import ImportedItem


class Command(ExportFileCommand):
    help = (
        "Import a Ghost content export (.json): posts, pages, tags (the primary tag becomes the "
        "category), authors, feature and body images, and old permalinks. Use --media-dir with "
        "Ghost's content/images folder. Re-running updates or skips what it imported."
    )
    source = ImportedItem.Source.GHOST
    export_class = GhostExport
    unreadable = (JSONError, ValueError)
    kind = "a Ghost export"
