"""Every public page makes at most QUERY_BUDGET queries uncached and none from the page cache.

The URLs come from the demo content. After merging an app with public pages, add its URLs to
`public_urls()` (pages, FAQ, comments on articles, search, feeds, sitemaps).

"Uncached" is measured right after a content change (what an editor's save of an article does
to the cache), the worst case a reader meets in production: the page and every fragment of it
are stale. The site-wide lists (the header's categories, the footer's links) are kept until
their own model changes. Only a cold start of the cache itself (a flush or a Redis restart)
adds queries, once for the whole site: those two lists and the next scheduled publish time.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from blog.cache import bump_content_version
from blog.models import Article, Category, Tag
from pages.models import Page

QUERY_BUDGET = 6
# Search answers are never cached: every query would be a new cache entry.
SEARCH = "/search/?q=acupuncture"

pytestmark = pytest.mark.django_db


def public_urls():
    urls = [reverse("blog:home"), reverse("blog:list")]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    urls += [category.get_absolute_url() for category in Category.objects.all()]
    urls += [tag.get_absolute_url() for tag in Tag.objects.all()]
    urls += [page.get_absolute_url() for page in Page.objects.published()]
    urls += [reverse("pages:faq"), SEARCH]
    urls += [reverse("blog:author", kwargs={"username": "folio-editorial"})]
    urls += [reverse("blog:feed-rss"), reverse("blog:feed-atom"), reverse("sitemap")]
    urls += [reverse("sitemap-section", kwargs={"section": "articles"}), "/robots.txt"]
    return urls


def test_public_pages_keep_to_the_query_budget_and_cost_nothing_from_the_cache(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    # One test, because drawing the demo covers is the slow part.
    call_command("load_demo", verbosity=0)
    call_command("load_demo_pages", verbosity=0)
    urls = public_urls()
    assert len(urls) > 20
    for url in urls:
        bump_content_version(sender=Article)
        with django_assert_max_num_queries(QUERY_BUDGET, info=f"uncached {url}"):
            first = client.get(url)
        assert first.status_code == 200, url
        if url == SEARCH:
            continue
        assert first["X-Cache"] == "MISS", url
        with django_assert_num_queries(0, info=f"cached {url}"):
            again = client.get(url)
        assert again["X-Cache"] == "HIT", url

    cache.clear()
    with django_assert_max_num_queries(QUERY_BUDGET, info="the first page after a flush"):
        assert client.get(reverse("blog:list")).status_code == 200
