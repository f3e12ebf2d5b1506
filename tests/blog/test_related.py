"""Related articles (one query), previous/next links (`with_neighbours` annotations) and
author pages."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from blog.related import related_articles, with_neighbours
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def graph():
    home, other = CategoryFactory(), CategoryFactory()
    sleep, stress, needles = TagFactory(), TagFactory(), TagFactory()
    article = ArticleFactory(title="Subject", category=home, tags=[sleep, stress, needles])
    return {
        "article": article,
        "two_tags_other_category": ArticleFactory(
            title="Two tags", category=other, tags=[sleep, stress], published_at=hours_ago(50)
        ),
        "one_tag_same_category": ArticleFactory(
            title="One tag, same category",
            category=home,
            tags=[needles],
            published_at=hours_ago(40),
        ),
        "one_tag_other_category": ArticleFactory(
            title="One tag", category=other, tags=[sleep], published_at=hours_ago(2)
        ),
        "same_category_only": ArticleFactory(
            title="Same category", category=home, published_at=hours_ago(3)
        ),
        "unrelated": ArticleFactory(title="Unrelated", category=other),
        "draft": ArticleFactory(title="Draft", draft=True, category=home, tags=[sleep, stress]),
        "scheduled": ArticleFactory(
            title="Scheduled", scheduled=True, category=home, tags=[sleep, stress, needles]
        ),
    }


def test_related_ranks_shared_tags_then_category_then_recency(graph):
    assert [a.title for a in related_articles(graph["article"], limit=10)] == [
        "Two tags",
        "One tag, same category",
        "One tag",
        "Same category",
    ]


def test_related_shows_at_most_three_and_never_itself_drafts_or_scheduled(graph):
    titles = [a.title for a in related_articles(graph["article"])]

    assert titles == ["Two tags", "One tag, same category", "One tag"]


def test_related_falls_back_to_the_category_for_an_untagged_article():
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    sibling = ArticleFactory(category=category)
    ArticleFactory()

    assert related_articles(article) == [sibling]


def test_article_page_shows_related_articles_and_neighbours(client, graph):
    content = client.get(graph["article"].get_absolute_url()).content.decode()
    related = content.split('id="related-title"')[1]

    assert "Two tags" in related
    assert "Draft" not in related and "Scheduled" not in related
    assert "<span>Previous article</span> One tag</a>" in content
    assert "<span>Next article</span> Unrelated</a>" in content


def slug(neighbour):
    return neighbour and neighbour["slug"]


def test_previous_and_next_follow_publish_time_and_skip_unpublished():
    oldest = ArticleFactory(title="Oldest", published_at=hours_ago(30))
    ArticleFactory(title="Draft between", draft=True)
    middle = ArticleFactory(title="Middle", published_at=hours_ago(20))
    ArticleFactory(title="Scheduled after", scheduled=True)
    newest = ArticleFactory(title="Newest", published_at=hours_ago(10))

    def around(article):
        found = with_neighbours(Article.objects.filter(pk=article.pk)).get()
        return slug(found.previous), slug(found.next)

    assert around(middle) == (oldest.slug, newest.slug)
    assert around(oldest) == (None, middle.slug)
    assert around(newest) == (middle.slug, None)


def test_neighbours_bring_their_titles_and_break_ties_in_publish_time_by_id():
    moment = hours_ago(5)
    first, second, third = (
        ArticleFactory(title=title, published_at=moment) for title in ("First", "Second", "Third")
    )

    found = with_neighbours(Article.objects.filter(pk=second.pk)).get()

    assert found.previous == {"slug": first.slug, "title": "First"}
    assert found.next == {"slug": third.slug, "title": "Third"}


def test_neighbours_of_many_articles_come_in_one_query(django_assert_num_queries):
    articles = [ArticleFactory(published_at=hours_ago(h)) for h in (3, 2, 1)]

    with django_assert_num_queries(1):
        found = list(with_neighbours(Article.objects.published()).order_by("published_at"))

    assert [(slug(a.previous), slug(a.next)) for a in found] == [
        (None, articles[1].slug),
        (articles[0].slug, articles[2].slug),
        (articles[1].slug, None),
    ]


def test_related_ranks_the_same_from_the_tag_ids_the_page_already_has(graph):
    article = graph["article"]
    tag_ids = list(article.tags.values_list("pk", flat=True))

    assert related_articles(article, tag_ids=tag_ids, limit=10) == related_articles(
        article, limit=10
    )


def test_related_articles_come_in_one_query(graph, django_assert_num_queries):
    with django_assert_num_queries(1):
        related = related_articles(graph["article"], limit=10)
    with django_assert_num_queries(0):  # what a card shows came with them
        assert [article.category.name for article in related]


def test_article_page_query_count_is_fixed(client, graph, django_assert_num_queries):
    for _ in range(5):
        ArticleFactory(category=graph["article"].category, tags=[TagFactory(), TagFactory()])
    client.get(graph["unrelated"].get_absolute_url())  # warm-up: SQLite's JSON feature check
    cache.clear()  # and then every cache empty
    # the content version; the article with author, category, tags and neighbours; the
    # header's categories; its comments; related articles; the footer's links
    with django_assert_num_queries(6):
        response = client.get(graph["article"].get_absolute_url())
    related = response.content.decode().split('id="related-title"')[1]
    assert related.count('class="card"') == 3


def test_author_page_lists_only_the_authors_published_articles(client):
    article = ArticleFactory(title="Mine", author__username="ada", author__display_name="Ada")
    ArticleFactory(title="My draft", draft=True, author=article.author)
    ArticleFactory(title="Someone else's")

    response = client.get(reverse("blog:author", kwargs={"username": "ada"}))
    content = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="page-title">Articles by Ada</h1>' in content
    assert "Mine" in content
    assert "My draft" not in content and "Someone else" not in content


def test_author_page_is_404_for_members_without_published_articles(client, member):
    ArticleFactory(draft=True, author=member)

    assert (
        client.get(reverse("blog:author", kwargs={"username": member.username})).status_code == 404
    )
    assert client.get(reverse("blog:author", kwargs={"username": "nobody"})).status_code == 404


def test_article_page_links_the_author(client):
    article = ArticleFactory(author__username="ada", author__display_name="Ada")

    content = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/authors/ada/" rel="author">Ada</a>' in content


def test_author_page_query_count_is_fixed(client, django_assert_num_queries):
    article = ArticleFactory(author__username="ada")
    for _ in range(4):
        ArticleFactory(author=article.author, tags=[TagFactory()])

    # the content version, the author, the count (none: 404), the page, the header's
    # categories, the footer's links
    with django_assert_num_queries(6):
        client.get(reverse("blog:author", kwargs={"username": "ada"}))


def test_related_ranks_only_the_newest_articles_sharing_a_tag(monkeypatch):
    """The ranking looks at a window of the newest tag links, so it stays quick on big tags."""
    tag, other_tag = TagFactory(), TagFactory()
    article = ArticleFactory(tags=[tag, other_tag])
    best_but_old = ArticleFactory(tags=[tag, other_tag], published_at=hours_ago(100))
    newer = [ArticleFactory(tags=[tag], published_at=hours_ago(h)) for h in (1, 2)]
    assert related_articles(article)[0] == best_but_old
    monkeypatch.setattr("blog.related.RELATED_CANDIDATES", 2)
    assert related_articles(article) == newer
