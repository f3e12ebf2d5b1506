"""`Article.objects.published()` is the one rule, and every reading view follows it."""

import pytest
from django.urls import reverse

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    category, tag = CategoryFactory(), TagFactory()
    return {
        "public": ArticleFactory(title="Public piece", category=category, tags=[tag]),
        "draft": ArticleFactory(title="Draft piece", draft=True, category=category, tags=[tag]),
        "scheduled": ArticleFactory(
            title="Scheduled piece", scheduled=True, category=category, tags=[tag]
        ),
        "review": ArticleFactory(
            title="Review piece", status="review", published_at=None, category=category
        ),
        "category": category,
        "tag": tag,
    }


def list_urls(articles):
    return [
        reverse("blog:home"),
        reverse("blog:list"),
        articles["category"].get_absolute_url(),
        articles["tag"].get_absolute_url(),
    ]


def test_published_queryset_excludes_drafts_review_and_future(articles):
    from blog.models import Article

    assert list(Article.objects.published()) == [articles["public"]]


def test_lists_show_only_published_articles(client, articles):
    for url in list_urls(articles):
        content = client.get(url).content.decode()
        assert "Public piece" in content, url
        for hidden in ("Draft piece", "Scheduled piece", "Review piece"):
            assert hidden not in content, (url, hidden)


@pytest.mark.parametrize("key", ["draft", "scheduled", "review"])
def test_unpublished_article_is_404_to_visitors_and_members(client, member, articles, key):
    url = articles[key].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_staff_preview_unpublished_article_with_notice(client, author, articles, key):
    client.force_login(author)
    response = client.get(articles[key].get_absolute_url())
    assert response.status_code == 200
    assert "only staff can see this preview" in response.content.decode()


def test_scheduled_article_appears_once_its_time_comes(client, articles):
    from django.utils import timezone

    scheduled = articles["scheduled"]
    scheduled.published_at = timezone.now()
    scheduled.save()
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert "Scheduled piece" in client.get(reverse("blog:home")).content.decode()
