"""Sitemap sections for search engines: published articles, and the categories and tags that
have at least one. `config/urls.py` serves them behind the /sitemap.xml index."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef

from .models import Article, Category, Tag


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


class _WithPublishedArticles(Sitemap):
    """A category or tag page is listed only when it shows at least one published article."""

    model = None
    article_field = None  # the Article field that points at this model
    changefreq = "daily"
    priority = 0.5

    def items(self):
        published = Article.objects.published().filter(**{self.article_field: OuterRef("pk")})
        return self.model.objects.filter(Exists(published)).only("slug").order_by("slug")


class CategorySitemap(_WithPublishedArticles):
    model = Category
    article_field = "category"


class TagSitemap(_WithPublishedArticles):
    model = Tag
    article_field = "tags"
