from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.models import Article
from transfer.markdown_files import write_article


class Command(BaseCommand):
    help = (
        "Write every article (or those matching the filters) as a Markdown file with YAML front "
        "matter, and its images in images/, ready for import_markdown or a static site."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write; made if missing.")
        parser.add_argument("--status", choices=Article.Status.values, help="Only this status.")
        parser.add_argument("--category", help="Only the category with this slug.")

    def handle(self, *args, directory, status, category, **options):
        directory = Path(directory)
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} is a file, not a folder.")
        articles = Article.objects.select_related("author", "category").prefetch_related("tags")
        if status:
            articles = articles.filter(status=status)
        if category:
            articles = articles.filter(category__slug=category)
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        for article in articles.order_by("pk").iterator(chunk_size=200):
            write_article(article, directory)
            count += 1
        self.stdout.write(f"Exported {count} article{'s' if count != 1 else ''} to {directory}.")
