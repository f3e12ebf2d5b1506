"""Re-render every stored Markdown body with today's renderer (core.markdown.render).

Articles, pages and FAQs keep their rendered HTML beside the source. After a change of the
renderer (python-markdown to markdown-it-py in issue 18: heading ids became "h-…"), this brings
the stored HTML up to date. It asks each model that has `rendered_fields()` (the fields its
save() derives from the Markdown) for the new values and writes only the rows whose values
changed, with `update()`: no "last updated" bump, no save side effects; the content version
triggers still make the page cache fresh. Running it twice changes nothing the second time.

A body beyond the renderer's limits keeps its stored HTML and is listed, so an editor can
shorten it; the command then exits with status 1.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core.markdown import MarkdownRefused

CHUNK = 200


class Command(BaseCommand):
    help = "Re-render the stored HTML of every article, page and FAQ from its Markdown."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        refused = []
        for model in apps.get_models():
            if not hasattr(model, "rendered_fields"):
                continue
            changed, total = self._rerender(model, refused, dry_run=dry_run)
            verb = "would change" if dry_run else "changed"
            self.stdout.write(f"{model._meta.verbose_name_plural}: {verb} {changed} of {total}")
        for obj, message in refused:
            name = f"{obj._meta.verbose_name} {obj.pk} “{obj}”"
            self.stderr.write(f"Not re-rendered: {name}: {message}")
        if refused:
            raise CommandError(f"{len(refused)} bodies are beyond the limits; shorten them.")

    def _rerender(self, model, refused, *, dry_run):
        changed = total = 0
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=CHUNK):
            total += 1
            try:
                values = obj.rendered_fields()
            except MarkdownRefused as error:
                refused.append((obj, error.message))
                continue
            updates = {name: value for name, value in values.items() if getattr(obj, name) != value}
            if not updates:
                continue
            changed += 1
            if not dry_run:
                model._default_manager.filter(pk=obj.pk).update(**updates)
        return changed, total
