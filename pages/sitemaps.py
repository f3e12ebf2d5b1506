"""The pages' section of /sitemap.xml: every published policy page and the FAQ page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import FAQ, Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        # As for the FAQ below: the index leaves the date of these few, rarely changed pages
        # out (it would cost a query of its own); /sitemap-pages.xml carries each page's.
        return None


class FAQSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return ["pages:faq"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return FAQ.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_latest_lastmod(self):
        # The index leaves this one-URL section's date out, keeping /sitemap.xml within the
        # query budget; the section itself (/sitemap-faq.xml) carries it.
        return None
