"""What the four import commands share: the options, the progress bar (rich, on stderr) and
the summary table (on stdout)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .importing import Importer
from .media import MediaImporter
from .report import Report


class ImportCommand(BaseCommand):
    source = None  # an ImportedItem.Source value
    media_dir_option = True
    expects_directory = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="The export to read.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would happen; write nothing.",
        )
        if self.media_dir_option:
            parser.add_argument(
                "--media-dir",
                help="The export's media folder; images are looked for there first.",
            )
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Never fetch images from the old site; list those not found locally.",
        )

    def read(self, path):
        """The entries of the export, one at a time (entries.Entry or entries.Invalid)."""
        raise NotImplementedError

    def count(self, path):
        """How many items the export holds, for the progress bar (None when unknown)."""
        return None

    def handle(self, *args, path, dry_run, no_fetch, media_dir=None, **options):
        path = Path(path)
        if self.expects_directory and not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        if not self.expects_directory and not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"The media folder {media_dir} does not exist.")
        report = Report(dry_run=dry_run)
        media = MediaImporter(media_dir=media_dir, fetch=not no_fetch, dry_run=dry_run)
        importer = Importer(source=self.source, report=report, media=media, dry_run=dry_run)
        error = None
        with self.progress() as progress:
            task = progress.add_task("Importing", total=self.count(path))
            try:
                importer.run(self.read(path), advance=lambda: progress.advance(task))
            except (ValueError, SyntaxError) as exc:  # the file is broken past some point (XML)
                error = exc
        self.stdout.write(report.render())
        if error is not None:
            raise CommandError(f"{path} could not be read to the end: {error}")

    def progress(self):
        console = Console(file=_Stream(self.stderr), width=100)
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )


class _Stream:
    """Django's OutputWrapper as the file rich writes to (it must not add line endings)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()

    def isatty(self):
        return self.wrapper.isatty()


class ExportFileCommand(ImportCommand):
    """An import of one export file: `export_class(path)` opens it (its `count` and
    `entries()` feed the progress bar and the import); `unreadable` are the errors of a file
    that is not `kind` ("a WordPress export")."""

    export_class = None
    unreadable = ()
    kind = ""

    def count(self, path):
        return self.export.count

    def read(self, path):
        return self.export.entries()

    def handle(self, *args, path, **options):
        try:
            self.export = self.export_class(path)
        except FileNotFoundError:
            raise CommandError(f"{path} is not a file.") from None
        except self.unreadable as exc:
            raise CommandError(f"{path} is not {self.kind} we can read: {exc}") from exc
        super().handle(*args, path=path, **options)
