"""What an import did, item by item, and the summary table printed at the end of a run."""

from collections import Counter
from io import StringIO

from rich.console import Console
from rich.table import Table

OUTCOMES = ("created", "updated", "skipped", "failed")


class Report:
    def __init__(self, *, dry_run=False):
        self.dry_run = dry_run
        self.counts = Counter({outcome: 0 for outcome in OUTCOMES})
        self.comments = Counter()
        self.notes = []  # (outcome or "note", item title, what happened)
        self.missing_images = []  # (item title, reference, reason)

    def add(self, outcome, title, reason=""):
        self.counts[outcome] += 1
        if reason:
            self.notes.append((outcome, title, reason))

    def note(self, title, message):
        self.notes.append(("note", title, message))

    def render(self, *, width=160):
        """The summary as text: counts, then every failure, skip and renamed slug, then the
        images that were not brought in."""
        console = Console(file=StringIO(), width=width, color_system=None, emoji=False)
        heading = "Dry run: nothing was written" if self.dry_run else "Import finished"
        console.print(heading)
        summary = Table()
        summary.add_column("Outcome")
        summary.add_column("Items", justify="right")
        for outcome in OUTCOMES:
            summary.add_row(outcome, str(self.counts[outcome]))
        for status, count in sorted(self.comments.items()):
            summary.add_row(f"comments {status}", str(count))
        console.print(summary)
        if self.notes:
            console.print("Details")
            details = Table()
            for column in ("Outcome", "Item", "Reason"):
                details.add_column(column, overflow="fold")
            for row in self.notes:
                details.add_row(*row)
            console.print(details)
        if self.missing_images:
            console.print("Images not imported")
            images = Table()
            for column in ("Item", "Image", "Why"):
                images.add_column(column, overflow="fold")
            for row in self.missing_images:
                images.add_row(*row)
            console.print(images)
        return console.file.getvalue()
