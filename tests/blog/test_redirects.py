"""Old addresses of once-public articles answer 301 to the current one, never in chains."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Article, SlugRedirect
from tests.blog.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    article.save()


def url(slug):
    return f"/articles/{slug}/"


def test_renaming_a_public_article_redirects_the_old_address(client):
    article = ArticleFactory(slug="old-name")
    rename(article, "new-name")

    response = client.get(url("old-name"))

    assert response.status_code == 301
    assert response["Location"] == url("new-name")
    assert client.get(url("new-name")).status_code == 200


def test_two_renames_redirect_both_old_addresses_straight_to_the_newest(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    rename(article, "c")

    for old in ("a", "b"):
        response = client.get(url(old))
        assert (response.status_code, response["Location"]) == (301, url("c"))


def test_renaming_back_drops_the_redirect_from_the_live_address(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    rename(article, "a")

    assert client.get(url("a")).status_code == 200
    assert client.get(url("b"))["Location"] == url("a")
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["b"]


def test_renaming_a_draft_leaves_no_redirect(client):
    article = ArticleFactory(slug="draft-name", draft=True)
    rename(article, "better-name")
    article.status = Article.Status.PUBLISHED
    article.save()

    assert not SlugRedirect.objects.exists()
    assert client.get(url("draft-name")).status_code == 404


def test_renaming_while_publishing_leaves_no_redirect_for_the_draft_slug():
    article = ArticleFactory(slug="draft-name", draft=True)
    article.slug = "final-name"
    article.status = Article.Status.PUBLISHED
    article.save()

    assert not SlugRedirect.objects.exists()
    assert article.first_published_at is not None


def test_renaming_a_scheduled_article_before_its_time_leaves_no_redirect():
    article = ArticleFactory(slug="soon", scheduled=True)
    rename(article, "sooner")

    assert not SlugRedirect.objects.exists()


def test_an_article_that_went_public_on_schedule_keeps_its_old_address(client):
    article = ArticleFactory(slug="scheduled-name", scheduled=True)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=5))
    article.refresh_from_db()
    rename(article, "renamed")

    assert client.get(url("scheduled-name"))["Location"] == url("renamed")


def test_an_unpublished_article_renamed_later_still_records_its_public_slug(client, author):
    article = ArticleFactory(slug="was-public")
    article.status = Article.Status.DRAFT
    article.save()
    rename(article, "reworked")

    assert SlugRedirect.objects.get().old_slug == "was-public"
    assert client.get(url("was-public")).status_code == 404  # readers cannot see the draft
    client.force_login(author)
    assert client.get(url("was-public"))["Location"] == url("reworked")


def test_a_new_article_may_take_an_old_slug_and_wins(client):
    first = ArticleFactory(slug="shared")
    rename(first, "first-renamed")
    second = ArticleFactory(slug="shared", title="The second")

    response = client.get(url("shared"))

    assert response.status_code == 200
    assert response.context["article"] == second
    assert not SlugRedirect.objects.filter(old_slug="shared").exists()


def test_deleting_an_article_deletes_its_redirects(client):
    article = ArticleFactory(slug="gone")
    rename(article, "gone-too")
    article.delete()

    assert client.get(url("gone")).status_code == 404
    assert not SlugRedirect.objects.exists()
