"""blog.services: what saving, publishing and unpublishing an article sets off. Old addresses
of once-public articles answer 301 to the current one, never in chains; covers get their
renditions once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone

from blog.models import Article, Bookmark, Follow, SlugRedirect
from blog.services import (
    article_publish,
    article_save,
    article_unpublish,
    bookmark_toggle,
    follow_toggle,
)
from tests.blog.factories import ArticleFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    return article_save(article=article)


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
    article_save(article=article)

    assert not SlugRedirect.objects.exists()
    assert client.get(url("draft-name")).status_code == 404


def test_renaming_while_publishing_leaves_no_redirect_for_the_draft_slug():
    article = ArticleFactory(slug="draft-name", draft=True)
    article.slug = "final-name"
    article.status = Article.Status.PUBLISHED
    article_save(article=article)

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


def test_an_unpublished_article_renamed_later_still_records_its_public_slug(client):
    article = ArticleFactory(slug="was-public")
    article.status = Article.Status.DRAFT
    article_save(article=article)
    rename(article, "reworked")

    assert SlugRedirect.objects.get().old_slug == "was-public"
    assert client.get(url("was-public")).status_code == 404  # readers cannot see the draft
    client.force_login(article.author)
    assert client.get(url("was-public"))["Location"] == url("reworked")


OLD_ADDRESS_TAKEN = "This address belonged to another article and still leads readers to it"


def test_another_article_cannot_take_an_old_address_even_as_a_draft(client):
    """A draft saved with another article's old slug used to delete that article's redirect;
    once published, the old address served the draft's article instead."""
    first = ArticleFactory(slug="shared")
    rename(first, "first-renamed")
    draft = ArticleFactory(slug="mine", draft=True, title="The second")

    draft.slug = "shared"
    with pytest.raises(ValidationError, match=OLD_ADDRESS_TAKEN):
        article_save(article=draft)

    assert Article.objects.get(pk=draft.pk).slug == "mine"
    assert SlugRedirect.objects.get(old_slug="shared").article == first
    assert client.get(url("shared"))["Location"] == url("first-renamed")


def test_publishing_an_article_that_holds_an_old_address_is_refused(client, editor):
    """The publish path: a draft that got the slug before this rule existed (written past the
    service) cannot go public over the other article's redirect."""
    first = ArticleFactory(slug="shared")
    rename(first, "first-renamed")
    draft = ArticleFactory(slug="mine", draft=True)
    Article.objects.filter(pk=draft.pk).update(slug="shared")

    with pytest.raises(ValidationError, match=OLD_ADDRESS_TAKEN):
        article_publish(articles=Article.objects.filter(pk=draft.pk), by=editor)

    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert SlugRedirect.objects.get(old_slug="shared").article == first
    assert client.get(url("shared"))["Location"] == url("first-renamed")


def test_a_new_article_cannot_take_an_old_slug(client):
    first = ArticleFactory(slug="shared")
    rename(first, "first-renamed")

    with pytest.raises(ValidationError, match=OLD_ADDRESS_TAKEN):
        ArticleFactory(slug="shared", title="The second")

    assert not Article.objects.filter(title="The second").exists()
    assert client.get(url("shared"))["Location"] == url("first-renamed")


def test_deleting_an_article_deletes_its_redirects(client):
    article = ArticleFactory(slug="gone")
    rename(article, "gone-too")
    article.delete()

    assert client.get(url("gone")).status_code == 404
    assert not SlugRedirect.objects.exists()


def test_a_plain_model_save_only_derives_fields_and_leaves_no_redirect():
    """Article.save() renders the body; the redirect is article_save's (the admin, publishing
    and the factories all save through it)."""
    article = ArticleFactory(slug="plain", body="## A heading")
    article.slug = "plain-renamed"
    article.save()

    assert 'id="h-a-heading"' in article.body_html
    assert not SlugRedirect.objects.exists()


def test_unpublishing_then_renaming_keeps_the_public_slug(editor):
    article = ArticleFactory(slug="first-slug")
    article_unpublish(articles=Article.objects.filter(pk=article.pk), by=editor)
    article.refresh_from_db()
    rename(article, "second-slug")

    assert article.status == Article.Status.DRAFT
    assert SlugRedirect.objects.get().old_slug == "first-slug"


def test_publishing_and_unpublishing_need_the_publish_permission(author):
    article = ArticleFactory(draft=True)
    articles = Article.objects.filter(pk=article.pk)

    with pytest.raises(PermissionDenied):
        article_publish(articles=articles, by=author)
    with pytest.raises(PermissionDenied):
        article_unpublish(articles=articles, by=author)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publishing_at_a_future_time_schedules_and_records_no_first_public_time(editor):
    article = ArticleFactory(draft=True)
    later = timezone.now() + timedelta(days=1)

    changed = article_publish(articles=Article.objects.filter(pk=article.pk), by=editor, at=later)

    article.refresh_from_db()
    assert changed == 1
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, later)
    assert article.is_scheduled and article.first_published_at is None


# Cover renditions: made by article_save when the cover is new (core.renditions makes them).


def with_cover(content, name="cover.jpg"):
    return ArticleFactory(cover=ContentFile(content, name=name), cover_alt="A picture")


def test_saving_an_article_with_a_new_cover_makes_its_renditions():
    article = with_cover(image_bytes("JPEG", size=(2400, 1200)))

    assert article.cover_renditions["source"] == article.cover.name
    assert [width for width, _ in article.cover_renditions["webp"]] == [480, 800, 1200, 1600]
    for _, name in article.cover_renditions["webp"] + article.cover_renditions["fallback"]:
        assert default_storage.exists(name)
    assert "-800.webp 800w" in article.cover_srcset
    assert "-800.jpg 800w" in article.cover_fallback_srcset


def test_renditions_are_made_once_not_on_every_save():
    article = with_cover(image_bytes("JPEG", size=(900, 600)))
    before = article.cover_renditions
    article.title = "Renamed"
    article_save(article=article)

    article.refresh_from_db()
    assert article.cover_renditions == before


def test_a_replaced_cover_gets_new_renditions_and_a_removed_one_none():
    article = with_cover(image_bytes("JPEG", size=(900, 600)))
    article.cover = ContentFile(image_bytes("PNG", size=(600, 300)), name="other.png")
    article_save(article=article)

    assert article.cover_renditions["source"] == article.cover.name
    assert all(name.endswith(".png") for _, name in article.cover_renditions["fallback"])

    article.cover = None
    article_save(article=article)
    assert article.cover_renditions == {}
    assert article.cover_srcset == ""


def test_an_article_public_on_schedule_then_unpublished_keeps_its_old_address(client, editor):
    article = ArticleFactory(slug="went-live", scheduled=True)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=5))
    article_unpublish(articles=Article.objects.filter(pk=article.pk), by=editor)
    article.refresh_from_db()
    rename(article, "reworked")

    assert article.first_published_at is not None
    assert SlugRedirect.objects.get().old_slug == "went-live"
    client.force_login(editor)
    assert client.get(url("went-live"))["Location"] == url("reworked")


# Saving and following, twice at once ----------


def racing_insert(monkeypatch, model, **fields):
    """The other request of a double click: its row lands just after this request looked for
    one (the delete that found nothing) and before this one inserts."""
    original = QuerySet.delete

    def delete_then_the_other_request_inserts(queryset):
        result = original(queryset)
        if queryset.model is model and not model.objects.filter(**fields).exists():
            model.objects.bulk_create([model(**fields)])
        return result

    monkeypatch.setattr(QuerySet, "delete", delete_then_the_other_request_inserts)


@pytest.mark.parametrize("kind", ["bookmark", "follow"])
def test_a_double_click_on_save_or_follow_ends_saved_without_an_error(monkeypatch, member, kind):
    """Both requests of a double click find no row; the second's insert used to fail (a 500)."""
    article = ArticleFactory()
    if kind == "bookmark":
        fields, model = {"user": member, "article": article}, Bookmark
        racing_insert(monkeypatch, model, **fields)
        assert bookmark_toggle(**fields) is True
    else:
        fields, model = {"user": member, "category": article.category}, Follow
        racing_insert(monkeypatch, model, **fields)
        assert follow_toggle(user=member, target=article.category) is True

    assert model.objects.filter(**fields).count() == 1
