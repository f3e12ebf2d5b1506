"""Shared article lists: the home page, the article list, category and tag pages.

Their count and each page's articles are read once per content version for every reader
(blog.views.SharedPaginator), and a visitor's cards are one shared piece: these tests hold that
every change shows on the next request, that a member still sees their own Save state, that
only real pages are kept, and that a repeated request makes no query.
"""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from blog.cache import SHARED_KEY_PREFIX, memory
from blog.models import Article, Bookmark
from blog.services import article_unpublish
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.blog.rendered import hours_ago, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists():
    """Twelve articles in one category with one tag: two pages of the lists."""
    category = CategoryFactory(name="Pain")
    tag = TagFactory(name="back")
    for number in range(12):
        ArticleFactory(
            title=f"Piece {number:02d}",
            category=category,
            tags=[tag],
            published_at=hours_ago(100 - number),
        )
    return {
        "home": "/",
        "list": reverse("blog:list"),
        "list page 2": reverse("blog:list") + "?page=2",
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["home", "list", "list page 2", "category", "tag"])
def test_a_repeated_list_page_makes_no_query(reader, lists, page, django_assert_num_queries):
    first = html(reader, lists[page])
    with django_assert_num_queries(0):
        assert html(reader, lists[page]) == first


@pytest.mark.parametrize("page", ["home", "list", "category", "tag"])
def test_a_member_reads_only_their_session_and_saved_state(
    client, lists, page, member, django_assert_num_queries
):
    client.force_login(member)
    html(client, lists[page])
    # session, member, saved articles; on a category page, whether they follow it
    with django_assert_num_queries(4 if page == "category" else 3):
        html(client, lists[page])


def test_a_new_article_shows_on_every_list_on_the_next_request(reader, lists):
    for url in lists.values():
        html(reader, url)
    newest = Article.objects.get(title="Piece 11")
    ArticleFactory(
        title="Fresh off the press",
        category=newest.category,
        tags=[newest.tags.get()],
        published_at=timezone.now() - timedelta(minutes=1),
    )
    for page in ("home", "list", "category", "tag"):
        assert "Fresh off the press" in html(reader, lists[page]), page
    # everything moved down one place: the second page now starts one article earlier
    assert "Piece 02" in html(reader, lists["list page 2"])


def test_an_unpublished_article_leaves_every_list_on_the_next_request(reader, lists, editor):
    for url in lists.values():
        html(reader, url)
    newest = Article.objects.filter(title__in=["Piece 11", "Piece 10"])
    article_unpublish(articles=newest, by=editor)
    for page in ("home", "list", "category", "tag"):
        assert "Piece 11" not in html(reader, lists[page]), page
    assert "?page=2" not in html(reader, lists["list"])  # ten left: one page again
    html(reader, lists["list page 2"], status=404)


def test_a_scheduled_article_joins_the_lists_when_its_time_comes(reader, lists):
    coming = ArticleFactory(
        title="Coming soon",
        category=Article.objects.first().category,
        published_at=timezone.now() + timedelta(seconds=2.5),
    )
    assert "Coming soon" not in html(reader, lists["list"])
    assert "Coming soon" not in html(reader, lists["category"])
    time.sleep(max(coming.published_at.timestamp() - time.time(), 0) + 0.1)
    assert "Coming soon" in html(reader, lists["list"])
    assert "Coming soon" in html(reader, lists["category"])


def test_a_renamed_category_or_tag_shows_on_its_page_on_the_next_request(reader, lists):
    category = Article.objects.first().category
    tag = Article.objects.first().tags.get()
    html(reader, lists["category"])
    html(reader, lists["tag"])
    category.description = "Where the pain pieces live."
    category.save()
    tag.name = "lower back"
    tag.save()
    assert "Where the pain pieces live." in html(reader, lists["category"])
    assert "lower back" in html(reader, lists["tag"])


def test_a_member_sees_their_own_save_state_on_shared_lists(client, lists, member):
    client.cookies["sessionid"] = "no-such-session"
    visitor = html(client, lists["list"])
    assert "sign in first" in visitor
    Bookmark.objects.create(user=member, article=Article.objects.get(title="Piece 11"))
    client.force_login(member)
    own = html(client, lists["list"])
    assert "sign in first" not in own
    assert own.count('aria-pressed="true"') == 1
    assert own.count('aria-pressed="false"') == 9


def shared_entries():
    return len([key for key in memory.entries if key.startswith(SHARED_KEY_PREFIX)])


def test_pages_past_the_end_and_unknown_slugs_are_404_and_not_kept(reader, lists):
    html(reader, lists["list"])
    kept = shared_entries()
    for url in (
        reverse("blog:list") + "?page=99",
        reverse("blog:list") + "?page=nonsense",
        "/category/no-such-category/",
        "/tag/no-such-tag/",
    ):
        html(reader, url, status=404)
    # The 404 page shares only what every page has (head, header, footer); no list, no page
    # of one, no category or tag is kept for an address that does not exist.
    added = shared_entries() - kept
    assert added <= 1, added  # the 404 page's own header navigation, once
    cache.clear()
