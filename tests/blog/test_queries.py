"""Page query counts are pinned and do not grow with the number of articles or tags."""

import pytest
from django.urls import reverse

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def make_articles(count, tags_each):
    category = CategoryFactory()
    tags = [TagFactory() for _ in range(tags_each)]
    return [ArticleFactory(category=category, tags=tags) for _ in range(count)]


# Listing: articles with their category and comment count (1), and for paginated lists the
# count (1); the header's categories (1) and the footer's links (1) while the cache is cold.
# Cards show no author or tags, so neither is read.
@pytest.mark.parametrize(
    ("url", "expected"),
    [(reverse("blog:home"), 3), (reverse("blog:list"), 4)],
)
@pytest.mark.parametrize(("articles", "tags"), [(1, 1), (12, 6)])
def test_list_pages_query_count_is_constant(
    client, django_assert_num_queries, url, expected, articles, tags
):
    make_articles(articles, tags)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("tags", [1, 8])
def test_article_page_query_count_is_constant(client, django_assert_num_queries, tags):
    [article] = make_articles(1, tags)
    client.get(reverse("blog:home"))  # the header's categories and footer's links, cached
    # the article with author, category and comment count; tags; neighbours; comments; related
    # articles, and (as no other shares a tag) the category's newest to make up the number
    with django_assert_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["category", "tag"])
@pytest.mark.parametrize("articles", [1, 15])
def test_category_and_tag_pages_query_count_is_constant(
    client, django_assert_num_queries, articles, page
):
    created = make_articles(articles, 3)
    shown = created[0].category if page == "category" else created[0].tags.first()
    # the category or tag, count, articles, the header's categories, the footer's links
    with django_assert_num_queries(5):
        assert client.get(shown.get_absolute_url()).status_code == 200


def test_header_categories_come_from_the_cache_until_a_category_changes(
    client, django_assert_num_queries
):
    article, other, *_ = make_articles(4, 1)  # three related articles for each
    client.get(reverse("blog:home"))
    # the article, its tags, neighbours, comments, related: the header's and footer's lists
    # are cached, and stay so when an article changes
    with django_assert_num_queries(5):
        assert client.get(article.get_absolute_url()).status_code == 200
    other.save()
    with django_assert_num_queries(5):
        assert client.get(other.get_absolute_url()).status_code == 200
    CategoryFactory(name="Brand new topic")
    # the categories again, and the article's five; the footer's links are still cached
    with django_assert_num_queries(6):
        content = client.get(article.get_absolute_url()).content.decode()
    assert "Brand new topic" in content
