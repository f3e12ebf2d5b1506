"""Sitemap sections for search engines: published articles, and the categories and tags that
have at least one. `config/urls.py` serves them behind the /sitemap.xml index."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of loading every item to find the newest.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TaxonomySitemap(Sitemap):
    """Category or tag pages (`taxonomy`), each listed only when it shows at least one
    published article."""

    changefreq = "daily"
    priority = 0.5

    def __init__(self, taxonomy):
        self.taxonomy = taxonomy

    def items(self):
        field = self.taxonomy.article_field
        published = Article.objects.published().filter(**{field: OuterRef("pk")})
        return self.taxonomy.objects.filter(Exists(published)).only("slug").order_by("slug")
