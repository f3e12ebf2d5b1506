"""Every public page makes at most QUERY_BUDGET queries with every cache empty, whatever the
size of its data, and one (the content version) from the page cache.

The URLs come from the demo content, with twenty comments and replies on the showcase article
and a member who commented there. After adding an app with public pages, add its URLs to
`public_urls()`.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from blog.models import Article, Category, Tag
from pages.models import Page
from tests.accounts.factories import UserFactory
from tests.comments.factories import CommentFactory

QUERY_BUDGET = 6
# A signed-in member also reads their session, account, saved state and own comments.
MEMBER_BUDGET = QUERY_BUDGET + 4
SHOWCASE = "how-acupuncture-can-relieve-chronic-back-pain-naturally"
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


def discuss(article, count=20):
    """`count` visible comments on `article`, every third a reply."""
    comments = []
    for number in range(count):
        parent = comments[-1] if number % 3 == 2 else None
        comments.append(CommentFactory(article=article, parent=parent))


def test_public_pages_keep_to_the_query_budget(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    # One test, because drawing the demo covers is the slow part.
    call_command("load_demo", verbosity=0)
    call_command("load_demo_pages", verbosity=0)
    discuss(Article.objects.get(slug=SHOWCASE))
    urls = public_urls()
    assert len(urls) > 20
    client.get(urls[2])  # SQLite checks its JSON support once per connection
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(QUERY_BUDGET, info=f"every cache empty: {url}"):
            first = client.get(url)
        assert first.status_code == 200, url
        if url == SEARCH:
            continue
        assert first["X-Cache"] == "MISS", url
        with django_assert_num_queries(1, info=f"from the page cache: {url}"):
            again = client.get(url)
        assert again["X-Cache"] == "HIT", url

    member = UserFactory()
    CommentFactory(article=Article.objects.get(slug=SHOWCASE), author=member, status="pending")
    client.force_login(member)
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(MEMBER_BUDGET, info=f"member, caches empty: {url}"):
            assert client.get(url).status_code == 200, url
