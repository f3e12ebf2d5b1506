from transfer.commands import ImportCommand
from transfer.markdown_files import count_files, read_directory
from transfer.models import ImportedItem


class Command(ImportCommand):
    help = (
        "Import a folder of Markdown files with YAML front matter (Jekyll, Hugo, Eleventy, or "
        "export_markdown's output) as articles. Re-running updates or skips what it imported."
    )
    source = ImportedItem.Source.MARKDOWN
    media_dir_option = False
    expects_directory = True

    def read(self, path):
        return read_directory(path)

    def count(self, path):
        return count_files(path)
