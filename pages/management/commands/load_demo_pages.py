"""Load the demo policy pages and FAQs (idempotent): `make run` calls it every time."""

from django.core.management.base import BaseCommand

from pages.demo import load_pages


class Command(BaseCommand):
    help = "Load the About, Benefits and Privacy pages and the FAQs; a second run adds nothing."

    def handle(self, *args, **options):
        added = load_pages()
        self.stdout.write(self.style.SUCCESS(f"Demo pages and FAQs: {added} item(s) added."))
