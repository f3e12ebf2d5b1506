"""blog.models: `published_condition()` is the one rule of visibility; `published()`,
`scheduled()` and `Article.is_public` / `is_scheduled` say the same thing."""

from datetime import timedelta
from itertools import product
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from blog.models import Article, Bookmark, published_condition
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
TIMES = {
    "none": None,
    "past": NOW - timedelta(hours=1),
    "now": NOW,  # the boundary: public from this very moment
    "future": NOW + timedelta(hours=1),
}


def test_published_queryset_excludes_drafts_review_and_future(articles):
    assert list(Article.objects.published()) == [articles["public"]]


def test_scheduled_queryset_holds_only_published_articles_still_to_come(articles):
    assert list(Article.objects.scheduled()) == [articles["scheduled"]]


def test_is_public_and_published_agree_for_every_status_and_publish_time():
    """Stored with update(): save() would fill a published article's missing publish time."""
    expected = {}
    for status, when in product(Article.Status.values, TIMES):
        article = ArticleFactory(title=f"{status} {when}", draft=True)
        Article.objects.filter(pk=article.pk).update(status=status, published_at=TIMES[when])
        expected[article.pk] = status == Article.Status.PUBLISHED and when in ("past", "now")

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        public = set(Article.objects.published(now=NOW).values_list("pk", flat=True))
        scheduled = set(Article.objects.scheduled(now=NOW).values_list("pk", flat=True))
        by_condition = set(
            Article.objects.filter(published_condition(now=NOW)).values_list("pk", flat=True)
        )
        stored = Article.objects.in_bulk(list(expected))
        for pk, article in stored.items():
            label = article.title
            assert article.is_public is expected[pk], label
            assert (pk in public) is expected[pk], label
            assert article.is_scheduled is (pk in scheduled), label
            assert article.is_scheduled is (
                article.status == Article.Status.PUBLISHED and label.endswith("future")
            ), label
    assert public == by_condition == {pk for pk, shown in expected.items() if shown}


def test_published_takes_the_time_it_is_asked_about(articles):
    scheduled = articles["scheduled"]
    later = scheduled.published_at + timedelta(seconds=1)

    assert scheduled not in Article.objects.published()
    assert scheduled in Article.objects.published(now=later)
    assert scheduled not in Article.objects.scheduled(now=later)
    assert articles["public"] not in Article.objects.published(now=NOW - timedelta(days=1))


def test_published_condition_reaches_articles_through_a_relation(articles, member):
    for article in articles.values():
        Bookmark.objects.create(user=member, article=article)

    shown = Bookmark.objects.filter(published_condition(prefix="article__"))

    assert [bookmark.article for bookmark in shown] == [articles["public"]]


def test_visible_to_lets_the_author_and_editors_preview_and_others_see_the_published(
    articles, author, editor, superuser, member
):
    own_draft = ArticleFactory(draft=True, author=author, category=articles["public"].category)
    everything = {*articles.values(), own_draft}
    assert set(Article.objects.visible_to(editor)) == everything
    assert set(Article.objects.visible_to(superuser)) == everything
    assert set(Article.objects.visible_to(author)) == {articles["public"], own_draft}
    assert list(Article.objects.visible_to(member)) == [articles["public"]]
    assert list(Article.objects.visible_to(AnonymousUser())) == [articles["public"]]
    author.is_staff = False  # no longer on the staff: their drafts are hidden from them too
    assert list(Article.objects.visible_to(author)) == [articles["public"]]


def test_saving_a_published_article_without_a_time_publishes_it_now():
    before = timezone.now()
    article = ArticleFactory(published_at=None)

    assert before <= article.published_at <= timezone.now()
    assert article.is_public and article.first_published_at == article.published_at


def test_first_published_at_is_kept_after_unpublishing():
    article = ArticleFactory()
    first = article.first_published_at
    article.status = Article.Status.DRAFT
    article.published_at = None
    article.save()

    assert first is not None and article.first_published_at == first


def test_with_tag_list_brings_each_articles_tags_in_the_same_query(django_assert_num_queries):
    article = ArticleFactory(tags=[TagFactory(name="sleep"), TagFactory(name="needles")])
    ArticleFactory(title="Untagged")
    list(Article.objects.with_tag_list())  # warm-up: SQLite's one-off JSON feature check

    with django_assert_num_queries(1):
        found = {a.title: a.tag_list for a in Article.objects.with_tag_list()}

    assert sorted((tag["name"], tag["slug"]) for tag in found[article.title]) == [
        ("needles", article.tags.get(name="needles").slug),
        ("sleep", article.tags.get(name="sleep").slug),
    ]
    assert not found["Untagged"]


def test_category_and_tag_pages_feeds_and_headings():
    category = CategoryFactory(name="Neuroscience", slug="neuroscience", description="Brains.")
    tag = TagFactory(name="sleep", slug="sleep")

    assert category.get_absolute_url() == "/category/neuroscience/"
    assert (category.rss_url, category.atom_url) == (
        "/category/neuroscience/feed/rss/",
        "/category/neuroscience/feed/atom/",
    )
    assert tag.get_absolute_url() == "/tag/sleep/"
    assert (tag.rss_url, tag.atom_url) == ("/tag/sleep/feed/rss/", "/tag/sleep/feed/atom/")
    assert (category.heading, category.blurb) == ("Neuroscience", "Brains.")
    assert CategoryFactory(name="Movement", description="").blurb == (
        "Articles filed under Movement."
    )
    assert (tag.heading, tag.blurb) == ("Tagged “sleep”", "Articles tagged “sleep” on Folio.")
    assert (category.follow_url, tag.follow_url) == (
        f"/category/{category.slug}/follow/",
        f"/tag/{tag.slug}/follow/",
    )


def test_a_body_stored_before_the_limits_still_publishes_unpublishes_and_takes_a_new_title(
    editor,
):
    """Text saved before a Markdown limit existed (here: past MAX_LENGTH) does not turn every
    later save into an error; it is refused, with the editor's message, once someone edits it."""
    from django.core.exceptions import ValidationError

    from blog.services import article_publish, article_unpublish
    from core.markdown import MAX_LENGTH

    article = ArticleFactory(title="Long one", body="Short for now.")
    legacy = "word " * (MAX_LENGTH // 5 + 10)
    Article.objects.filter(pk=article.pk).update(body=legacy)  # as the old renderer allowed

    assert article_unpublish(articles=Article.objects.filter(pk=article.pk), by=editor) == 1
    assert article_publish(articles=Article.objects.filter(pk=article.pk), by=editor) == 1
    article = Article.objects.get(pk=article.pk)
    article.title = "Long one, retitled"
    article.full_clean()
    article.save()
    assert Article.objects.get(pk=article.pk).title == "Long one, retitled"

    article.body = legacy + "One more sentence."
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "This text is too long" in str(refused.value.message_dict["body"])


def test_validating_and_publishing_never_open_a_stored_cover(editor, monkeypatch):
    """The cover's width and height are stored: full_clean() and a publish do not read the
    file again (with media in a bucket that was a download each time), and a cover file
    lost from the storage does not turn publishing into an error."""
    from django.core.files.storage import default_storage

    from blog.services import article_publish, article_save
    from tests.images import image_bytes, upload

    article = ArticleFactory(title="Covered", draft=True, cover_alt="A calm sea")
    article.cover = upload("sea.png", image_bytes(size=(900, 500)))
    article_save(article=article)
    article = Article.objects.get(pk=article.pk)
    assert (article.cover_width, article.cover_height) == (900, 500)
    default_storage.delete(article.cover.name)  # the file is gone

    article.full_clean()
    assert article_publish(articles=Article.objects.filter(pk=article.pk), by=editor) == 1
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_public
    assert (stored.cover_width, stored.cover_height) == (900, 500)
