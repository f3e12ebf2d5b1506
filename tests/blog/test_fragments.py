"""Shared fragments of the article page (blog.cache.fragment, the {% shared %} tag).

Members and anonymous readers with a session are never given a cached page, but the parts of
the article page that are the same for everyone come from the cache: these tests hold that
nobody sees another reader's comments or buttons in them, that they are fresh on the next
request after every kind of change, and that they spare the queries they stand for.
"""

import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.services import user_update_profile
from blog.cache import SHARED_KEY_PREFIX, VERSION_KEY, Memory
from blog.comments import comment_moderate
from blog.models import Article, Bookmark, Comment
from blog.services import article_unpublish
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, CommentFactory, TagFactory
from tests.blog.rendered import anonymous_with_session, hours_ago, html
from tests.blog.test_cache import DOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    category = CategoryFactory()
    tag = TagFactory()
    ArticleFactory(title="An older piece", category=category, tags=[tag], published_at=hours_ago(5))
    shown = ArticleFactory(
        title="The piece itself", category=category, tags=[tag], published_at=hours_ago(1)
    )
    CommentFactory(article=shown, body="A first visible reply from a reader.")
    return shown


def page(client, article):
    return html(client, article.get_absolute_url())


def test_a_repeated_uncached_article_page_costs_no_query(
    client, article, django_assert_num_queries
):
    anonymous_with_session(client)
    first = page(client, article)
    # the article, its meta, body, neighbours, comments and related cards are all shared
    with django_assert_num_queries(0):
        again = page(client, article)
    assert again == first


def test_a_member_without_comments_here_shares_the_thread_but_keeps_own_buttons(
    client, article, member, django_assert_num_queries
):
    related = ArticleFactory(
        title="A related read", category=article.category, tags=list(article.tags.all())
    )
    Bookmark.objects.create(user=member, article=related)
    anonymous_with_session(client)
    page(client, article)  # every fragment stored by an anonymous reader
    client.force_login(member)
    content = page(client, article)
    assert "A first visible reply from a reader." in content
    cards = content.split('id="related-title"')[1]
    assert 'aria-pressed="true"' in cards and "Saved" in cards  # the member's own state
    assert "sign in first" not in content
    # session, user, own comments here (none), saved state: the related list is shared too
    with django_assert_num_queries(4):
        page(client, article)


def test_a_members_own_pending_comment_and_edit_link_are_never_shared(client, article):
    writer, other = UserFactory(), UserFactory()
    mine = CommentFactory(
        article=article, author=writer, body="My words, awaiting a moderator.", status="pending"
    )
    edit_url = reverse("blog:comment-edit", args=[article.slug, mine.pk])
    for reader in (writer, other, None, writer):
        client.logout()
        anonymous_with_session(client)
        if reader:
            client.force_login(reader)
        content = page(client, article)
        if reader == writer:
            assert "My words, awaiting a moderator." in content
            assert edit_url in content
        else:
            assert "My words, awaiting a moderator." not in content
            assert "Comment awaiting approval" not in content  # no reply hangs on it
            assert edit_url not in content
            assert "/edit/" not in content


def test_an_approved_comment_shows_at_the_next_request(client, article, editor):
    anonymous_with_session(client)
    pending = CommentFactory(article=article, body="Held for a moderator.", status="pending")
    assert "Held for a moderator." not in page(client, article)
    comment_moderate(
        comments=Comment.objects.filter(pk=pending.pk), status=Comment.Status.VISIBLE, by=editor
    )
    content = page(client, article)
    assert "Held for a moderator." in content
    assert "2 comments" in content


def test_an_edit_shows_at_the_next_request(client, article, member):
    client.force_login(member)
    page(client, article)
    article.title = "A better title"
    article.body = "## A new section\n\nRewritten from top to bottom."
    article.save()
    content = page(client, article)
    assert "A better title" in content
    assert "Rewritten from top to bottom." in content
    assert 'id="a-new-section"' in content


def test_a_newly_published_neighbour_and_related_article_show_at_the_next_request(client, article):
    anonymous_with_session(client)
    assert "Next article" not in page(client, article)
    ArticleFactory(title="Fresh off the press", category=article.category)
    content = page(client, article)
    assert "<span>Next article</span> Fresh off the press" in content
    assert "Fresh off the press" in content.split('id="related-title"')[1]


def test_a_scheduled_neighbour_shows_once_its_time_has_come(client, article):
    anonymous_with_session(client)
    coming = ArticleFactory(
        title="Coming soon", published_at=timezone.now() + timedelta(seconds=2.5)
    )
    assert "Coming soon" not in page(client, article)
    time.sleep(max(coming.published_at.timestamp() - time.time(), 0) + 0.1)
    assert "<span>Next article</span> Coming soon" in page(client, article)


def test_staff_preview_of_a_draft_is_not_shared_with_its_published_self(client, editor):
    draft = ArticleFactory(title="Work in progress", draft=True)
    client.force_login(editor)
    assert "only staff can see this preview" in page(client, draft)
    draft.status = draft.Status.PUBLISHED
    draft.published_at = hours_ago(1)
    draft.save()
    client.logout()
    anonymous_with_session(client)
    content = page(client, draft)
    assert "Work in progress" in content
    assert "only staff can see this preview" not in content


def test_fragments_are_rendered_when_redis_is_down(client, article, member, caplog):
    client.force_login(member)
    with override_settings(CACHES=DOWN), caplog.at_level(logging.WARNING, logger="blog.cache"):
        content = page(client, article)
    assert "The piece itself" in content
    assert "A first visible reply from a reader." in content
    # one warning for the whole request, and no second wait for the server
    assert [r.levelname for r in caplog.records if r.name == "blog.cache"] == ["WARNING"]


def test_with_the_page_cache_off_nothing_is_stored(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    anonymous_with_session(client)
    page(client, article)
    assert not [key for key in cache._cache if SHARED_KEY_PREFIX in key]


def test_the_shared_tag_caches_under_its_keys_only_when_its_condition_holds():
    template = Template(
        '{% load fragments %}{% shared "demo" key when ok %}{{ value }}{% endshared %}'
    )

    def render(**context):
        return template.render(Context(context))

    assert render(key=1, ok=True, value="first") == "first"
    assert render(key=1, ok=True, value="second") == "first"  # from the cache
    assert render(key=2, ok=True, value="second") == "second"  # another key
    assert render(key=1, ok=False, value="third") == "third"  # not shared: rendered
    assert render(key="", ok=True, value="fourth") == "fourth"  # a key that did not resolve
    assert render(key="", ok=True, value="fifth") == "fifth"  # is never one for everyone
    answers = iter([True, False])  # the reader's state changed while the piece was rendered
    assert render(key=3, ok=lambda: next(answers), value="sixth") == "sixth"
    assert render(key=3, ok=True, value="seventh") == "seventh"  # so it was not stored
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% shared %}x{% endshared %}")
    with pytest.raises(TemplateSyntaxError):
        Template('{% load fragments %}{% shared "a" when %}x{% endshared %}')


def test_a_write_seen_only_through_the_shared_cache_is_fresh_at_the_next_request(client, article):
    """Another server process published: this one's memory must not answer for it."""
    anonymous_with_session(client)
    page(client, article)
    Article.objects.filter(pk=article.pk).update(title="Renamed elsewhere")  # no signal here
    # the shared cache still says the old version: its fragments stand (the <title> is live)
    assert "<h1>Renamed elsewhere</h1>" not in page(client, article)
    cache.incr(VERSION_KEY)  # what the other process's bump did to the shared cache
    assert "<h1>Renamed elsewhere</h1>" in page(client, article)


def test_anonymous_pages_are_fresh_when_another_process_bumps_the_version(client, article):
    client.get(reverse("blog:home"))
    assert client.get(reverse("blog:home"))["X-Cache"] == "HIT"
    cache.incr(VERSION_KEY)
    assert client.get(reverse("blog:home"))["X-Cache"] == "MISS"


def test_the_process_memory_keeps_the_most_recently_used_entries_and_checks_versions():
    kept = Memory(size=2)
    far = time.time() + 60
    kept.put("a", (1, far, "A"))
    kept.put("b", (1, far, "B"))
    assert kept.get("a", 1) == "A"  # now the most recently used
    kept.put("c", (1, far, "C"))
    assert kept.get("b", 1) is Memory.MISSING  # the least recently used went
    assert kept.get("a", 1) == "A"
    assert kept.get("a", 2) is Memory.MISSING  # another version
    kept.put("d", (1, time.time() - 1, "D"))
    assert kept.get("d", 1) is Memory.MISSING  # expired


def test_a_scheduled_article_opens_once_its_time_has_come(client):
    anonymous_with_session(client)
    coming = ArticleFactory(title="Coming soon", published_at=timezone.now() + timedelta(seconds=2))
    assert client.get(coming.get_absolute_url()).status_code == 404  # and nothing kept
    time.sleep(max(coming.published_at.timestamp() - time.time(), 0) + 0.1)
    assert "<h1>Coming soon</h1>" in page(client, coming)


def test_unpublishing_closes_the_article_at_the_next_request(client, article, editor):
    anonymous_with_session(client)
    page(client, article)
    article_unpublish(articles=Article.objects.filter(pk=article.pk), by=editor)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_shared_cards_keep_each_readers_save_buttons_and_show_edits_at_once(client, member):
    saved, other = ArticleFactory(title="Kept for later"), ArticleFactory(title="Not saved")
    Bookmark.objects.create(user=member, article=saved)
    anonymous_with_session(client)
    anonymous = page_of(client, reverse("blog:list"))
    assert anonymous.count("sign in first") == 2
    client.force_login(member)
    content = page_of(client, reverse("blog:list"))
    assert "sign in first" not in content
    assert 'aria-pressed="true"' in save_form(content, saved)
    assert 'aria-pressed="false"' in save_form(content, other)
    other.title = "Renamed at once"
    other.save()
    assert "Renamed at once" in page_of(client, reverse("blog:list"))


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def save_form(content, article):
    action = reverse("blog:save", args=[article.slug])
    return content.split(f'action="{action}"')[1].split("</form>")[0]


def test_a_new_display_name_shows_on_shared_comments_at_the_next_request(client, article):
    writer = UserFactory(display_name="Old Name")
    CommentFactory(article=article, author=writer, body="Signed with my name.")
    anonymous_with_session(client)
    assert "Old Name" in page(client, article)
    form = ProfileForm({"display_name": "New Name", "bio": ""}, instance=writer)
    assert form.is_valid(), form.errors
    user_update_profile(form=form)
    content = page(client, article)
    assert "New Name" in content and "Old Name" not in content
