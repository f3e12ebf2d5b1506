"""The admin as Authors and Editors use it: who may publish, and what the forms store."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blog.models import Article
from blog.services import article_save
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.images import image_bytes, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:blog_article_add")
CHANGELIST = reverse("admin:blog_article_changelist")


def article_form(**overrides):
    category = CategoryFactory()
    data = {
        "title": "Needles and nerves",
        "slug": "needles-and-nerves",
        "summary": "How fine needles talk to the nervous system.",
        "body": "Intro\n\n## One\n\ntext\n\n## Two\n\nmore",
        "category": category.pk,
        "tags": [TagFactory().pk],
        "status": "draft",
        "cover_alt": "",
    }
    data.update(overrides)
    return data


def change_url(article):
    return reverse("admin:blog_article_change", args=[article.pk])


def test_author_saves_a_draft_and_is_recorded_as_its_author(client, author):
    client.force_login(author)
    response = client.post(ADD_URL, article_form())
    assert response.status_code == 302
    article = Article.objects.get(slug="needles-and-nerves")
    assert article.author == author
    assert article.status == "draft"
    assert article.body_html.startswith("<p>Intro</p>")
    assert [entry["title"] for entry in article.toc] == ["One", "Two"]


def test_author_can_submit_for_review_but_not_publish(client, author):
    client.force_login(author)
    response = client.post(ADD_URL, article_form(status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()
    client.post(ADD_URL, article_form(status="review"))
    assert Article.objects.get().status == "review"


def test_author_has_no_publish_actions(client, author):
    client.force_login(author)
    ArticleFactory(author=author, draft=True)
    content = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in content


def test_author_posting_the_publish_action_changes_nothing(client, author):
    client.force_login(author)
    article = ArticleFactory(author=author, draft=True)
    client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [article.pk], "index": 0},
    )
    article.refresh_from_db()
    assert article.status == "draft"


def test_author_sees_only_their_own_articles_and_cannot_edit_published_ones(client, author):
    client.force_login(author)
    own_draft = ArticleFactory(author=author, draft=True, title="Mine in draft")
    own_published = ArticleFactory(author=author, title="Mine published")
    ArticleFactory(draft=True, title="Somebody else's")
    content = client.get(CHANGELIST).content.decode()
    assert "Mine in draft" in content and "Somebody else" not in content
    assert client.get(change_url(own_draft)).status_code == 200
    response = client.post(change_url(own_published), article_form(title="Changed"))
    assert response.status_code == 403
    own_published.refresh_from_db()
    assert own_published.title == "Mine published"


def test_editor_publishes_through_the_form_and_the_time_is_set(client, editor):
    client.force_login(editor)
    client.post(ADD_URL, article_form(status="published"))
    article = Article.objects.get()
    assert article.is_public
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_schedules_an_article_for_later(client, editor):
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=3)
    client.post(
        ADD_URL,
        article_form(
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    article = Article.objects.get()
    assert article.is_scheduled
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_bulk_publishes_and_unpublishes(client, editor):
    client.force_login(editor)
    drafts = [ArticleFactory(draft=True), ArticleFactory(status="review", published_at=None)]
    ids = [article.pk for article in drafts]
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 0
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


def test_republishing_keeps_the_original_publish_time(client, editor):
    client.force_login(editor)
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=10))
    original = article.published_at
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.published_at == original


def test_renaming_a_published_article_in_the_admin_redirects_its_old_address(client, editor):
    client.force_login(editor)
    client.post(ADD_URL, article_form(status="published"))
    article = Article.objects.get()
    published_at = timezone.localtime(article.published_at)

    client.post(
        change_url(article),
        article_form(
            slug="needles-renamed",
            status="published",
            published_at_0=published_at.strftime("%Y-%m-%d"),
            published_at_1=published_at.strftime("%H:%M:%S"),
        ),
    )

    article.refresh_from_db()
    assert article.slug == "needles-renamed"
    response = client.get("/articles/needles-and-nerves/")
    assert (response.status_code, response["Location"]) == (301, "/articles/needles-renamed/")


def test_a_cover_saved_in_the_admin_gets_its_renditions(client, editor):
    client.force_login(editor)
    cover = upload("c.jpg", image_bytes("JPEG", size=(1000, 500)), "image/jpeg")
    client.post(ADD_URL, article_form(cover=cover, cover_alt="A view"))

    article = Article.objects.get()
    assert article.cover_renditions["source"] == article.cover.name
    assert [width for width, _ in article.cover_renditions["webp"]] == [480, 800, 1000]


def test_cover_needs_a_description(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, article_form(cover=upload("c.png", image_bytes())))
    assert response.status_code == 200
    assert "Describe the cover image" in response.content.decode()
    assert not Article.objects.exists()


def test_cover_is_cleaned_like_every_upload(client, editor):
    client.force_login(editor)
    client.post(
        ADD_URL,
        article_form(cover=upload("me.jpg", jpeg_with_gps(), "image/jpeg"), cover_alt="A view"),
    )
    article = Article.objects.get()
    assert "me" not in article.cover.name
    with Image.open(article.cover.path) as stored:
        assert dict(stored.getexif()) == {}
    assert (article.cover_width, article.cover_height) == (64, 48)


def test_a_cover_that_is_not_an_image_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        article_form(cover=upload("x.png", b"<svg onload=alert(1)>"), cover_alt="x"),
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_slugs_are_unique(client, editor):
    ArticleFactory(slug="needles-and-nerves")
    client.force_login(editor)
    response = client.post(ADD_URL, article_form())
    assert "Article with this Slug already exists" in response.content.decode()


def test_an_author_cannot_give_a_draft_another_articles_old_address(client, author):
    """The form says why, keeps what was typed, and the other article's redirect stays."""
    published = ArticleFactory(slug="needles-and-nerves")
    published.slug = "needles-revisited"
    article_save(article=published)
    own = ArticleFactory(slug="my-draft", draft=True, author=author)
    client.force_login(author)

    response = client.post(change_url(own), article_form(title="My own take"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "This address belonged to another article and still leads readers to it" in content
    assert 'value="My own take"' in content
    assert Article.objects.get(pk=own.pk).slug == "my-draft"
    assert client.get("/articles/needles-and-nerves/")["Location"] == published.get_absolute_url()


def test_an_editor_cannot_publish_over_another_articles_old_address(client, editor):
    published = ArticleFactory(slug="needles-and-nerves")
    published.slug = "needles-revisited"
    article_save(article=published)
    client.force_login(editor)

    response = client.post(ADD_URL, article_form(status="published"))

    assert response.status_code == 200
    assert "still leads readers to it" in response.content.decode()
    assert not Article.objects.filter(title="Needles and nerves").exists()
    assert client.get("/articles/needles-and-nerves/")["Location"] == published.get_absolute_url()


def test_the_publish_action_says_why_it_published_nothing(client, editor):
    """A draft holding another article's old address (from before the rule) is not published
    by the bulk action either, and the editor is told why instead of getting an error page."""
    published = ArticleFactory(slug="needles-and-nerves")
    published.slug = "needles-revisited"
    article_save(article=published)
    draft = ArticleFactory(slug="mine", draft=True)
    Article.objects.filter(pk=draft.pk).update(slug="needles-and-nerves")
    client.force_login(editor)

    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    assert "still leads readers to it" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).status == "draft"


def test_changelist_shows_the_editorial_columns(client, editor):
    ArticleFactory(title="Listed piece", scheduled=True)
    client.force_login(editor)
    content = client.get(CHANGELIST).content.decode()
    for column in ("Status", "Author", "Category", "Publish time", "Last updated", "Scheduled"):
        assert column in content
    assert "Preview" in content
