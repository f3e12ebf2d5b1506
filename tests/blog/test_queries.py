"""Page query counts are pinned and do not grow with the number of articles or tags."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def make_articles(count, tags_each):
    category = CategoryFactory()
    tags = [TagFactory() for _ in range(tags_each)]
    return [ArticleFactory(category=category, tags=tags) for _ in range(count)]


# A reader without cookies on a page the page cache has not kept: the content version (what
# the cache keys on) (1), the articles with their category and comment count (1), and for
# paginated lists the count (1); the header's categories (1) and the footer's links (1).
# Cards show no author or tags, so neither is read.
@pytest.mark.parametrize(
    ("url", "expected"),
    [(reverse("blog:home"), 4), (reverse("blog:list"), 5)],
)
@pytest.mark.parametrize(("articles", "tags"), [(1, 1), (12, 6)])
def test_list_pages_query_count_is_constant(
    client, django_assert_num_queries, url, expected, articles, tags
):
    make_articles(articles, tags)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")


@pytest.mark.parametrize("tags", [1, 8])
def test_article_page_query_count_is_constant(client, django_assert_num_queries, tags):
    [article, other] = make_articles(2, tags)
    client.get(other.get_absolute_url())  # warm-up: SQLite's one-off JSON feature check
    cache.clear()  # and then every cache empty
    # the content version; the article with author, category, tags and neighbours; the
    # header's categories; comments; related articles (tag matches topped up with the
    # category's newest, one query); the footer's links
    with django_assert_num_queries(6):
        response = client.get(article.get_absolute_url())
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")


@pytest.mark.parametrize("page", ["category", "tag"])
@pytest.mark.parametrize("articles", [1, 15])
def test_category_and_tag_pages_query_count_is_constant(
    client, django_assert_num_queries, articles, page
):
    created = make_articles(articles, 3)
    shown = created[0].category if page == "category" else created[0].tags.first()
    # the content version, the category or tag, count, articles, the header's categories,
    # the footer's links
    with django_assert_num_queries(6):
        response = client.get(shown.get_absolute_url())
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")


def test_article_page_query_count_stays_after_articles_and_categories_change(
    client, django_assert_num_queries
):
    article, other, *_ = make_articles(4, 1)  # three related articles for each
    client.get(reverse("blog:home"))
    client.get(other.get_absolute_url())  # warm-up: SQLite's one-off JSON feature check
    cache.clear()  # and then every cache empty
    # the content version, the article, categories, comments, related, footer links
    with django_assert_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200
    other.save()
    with django_assert_num_queries(6):
        assert client.get(other.get_absolute_url()).status_code == 200
    CategoryFactory(name="Brand new topic")
    with django_assert_num_queries(6):
        content = client.get(article.get_absolute_url()).content.decode()
    assert "Brand new topic" in content
