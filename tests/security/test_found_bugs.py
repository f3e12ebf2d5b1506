"""Bugs the hostile-input suite found, each pinned by a test that failed before its fix."""

import os
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

CONTROL = "bell\x07 escape\x1b[31m vertical\x0bfeed\x0c end"


@pytest.mark.parametrize(
    "feed",
    [
        "blog:feed-rss",
        "blog:feed-atom",
        "blog:category-feed-rss",
        "blog:category-feed-atom",
        "blog:tag-feed-rss",
        "blog:tag-feed-atom",
    ],
)
def test_control_characters_in_article_texts_do_not_break_the_feeds(client, feed):
    """Django refuses to write them into XML; one pasted title used to make every feed a 500."""
    category = CategoryFactory(slug="sample", name=f"Category {CONTROL}", description=CONTROL)
    tag = TagFactory(slug="sample", name="tag\x07")
    author = UserFactory(is_staff=True, display_name=f"Author {CONTROL}")
    ArticleFactory(
        title=f"Title {CONTROL}",
        summary=f"Summary {CONTROL}",
        body=f"Body {CONTROL}",
        category=category,
        tags=[tag],
        author=author,
    )
    kwargs = {"slug": "sample"} if "-feed-" in feed else None
    response = client.get(reverse(feed, kwargs=kwargs))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [el.text for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "title"]
    assert "Title bell escape[31m verticalfeed end" in titles


@pytest.mark.parametrize("feed", ["blog:feed-rss", "blog:feed-atom"])
def test_a_summary_is_text_in_the_feeds_not_html_for_the_reader_to_run(client, feed):
    """RSS <description> and Atom <summary type="html"> are HTML to feed readers."""
    ArticleFactory(summary='Tables <b>&</b> <a href="javascript:alert(1)">charts</a>')
    root = ET.fromstring(client.get(reverse(feed)).content)  # noqa: S314 - our own feed
    [summary] = [
        el.text
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] in ("description", "summary")
        and el.text
        and "charts" in el.text
    ]
    assert summary == (
        "Tables &lt;b&gt;&amp;&lt;/b&gt; "
        "&lt;a href=&quot;javascript:alert(1)&quot;&gt;charts&lt;/a&gt;"
    )


HOSTILE_TITLE = 'Sleep & "pain" <study>\r\nBcc: victim@example.com'


def test_a_title_with_markup_and_a_line_break_still_gets_its_follow_email(mailoutbox):
    """The subject was HTML-escaped ("&amp;"), and a line break in it made every run fail to
    send it (a header cannot hold one), so followers were never told about the article."""
    from django.core.management import call_command

    from blog.models import Follow

    category = CategoryFactory(name="Health & <Sleep>")
    follower = UserFactory()
    Follow.objects.create(user=follower, category=category)
    Follow.objects.update(created_at=timezone.now() - timedelta(days=1))
    ArticleFactory(title=HOSTILE_TITLE, category=category)
    call_command("send_notifications", stdout=StringIO(), stderr=StringIO())
    [message] = mailoutbox
    assert message.subject == (
        'New in Health & <Sleep>: Sleep & "pain" <study> Bcc: victim@example.com'
    )
    assert message.to == [follower.email] and not message.bcc


def test_a_title_with_a_line_break_still_gets_its_reply_email(django_capture_on_commit_callbacks):
    from django.core import mail

    from comments.services import comment_post
    from tests.comments.factories import CommentFactory

    article = ArticleFactory(title=HOSTILE_TITLE)
    parent = CommentFactory(article=article, author=UserFactory(display_name="Ana"))
    replier = UserFactory(display_name="Ben\r\nCc: victim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(article=article, author=replier, body="Same here.", parent=parent)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    message = by_recipient[parent.author.email]
    assert message.subject == (
        "Ben Cc: victim@example.com replied to you on "
        '“Sleep & "pain" <study> Bcc: victim@example.com”'
    )
    assert message.to == [parent.author.email] and not message.cc and not message.bcc
    notice = by_recipient[article.author.email]  # the author is told of the comment too
    assert notice.subject == (
        'New comment on your article “Sleep & "pain" <study> Bcc: victim@example.com”'
    )
    assert not notice.cc and not notice.bcc


# PostgreSQL refuses NUL characters in text and a value longer than its column; SQLite takes
# both, so these three were 500s only in production and in the PostgreSQL test run.


def test_a_nul_character_in_the_search_query_is_a_search_not_a_server_error(client):
    ArticleFactory(title="Sleep and pain")
    response = client.get(reverse("blog:search"), {"q": "sleep\x00pain"})
    assert response.status_code == 200
    assert "Sleep and pain" in response.content.decode()


def test_a_nul_character_in_an_authors_address_is_a_404(client):
    ArticleFactory(author=UserFactory(username="ana", is_staff=True))
    assert client.get("/authors/ana%00/").status_code == 404
    assert client.get("/authors/ana/").status_code == 200


@pytest.mark.parametrize("url", ["accounts:login", "admin:login"])
def test_a_very_long_username_is_refused_not_a_server_error(client, url):
    """The admin's sign-in form has no length limit; django-axes then stored the name given in
    a 255-character column."""
    response = client.post(reverse(url), {"username": "x" * 5000, "password": "secret"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not response.wsgi_request.user.is_authenticated


# The outside review of issue #18 ----------


def test_an_authors_draft_cannot_take_another_articles_old_address(client, author, editor):
    """Finding 4: the draft's save deleted the other article's redirect, and once an Editor
    published the draft the old address served it. Now the Author's form says why, and the
    Editor cannot publish over it either."""
    from blog.models import Article
    from blog.services import article_save

    published = ArticleFactory(slug="sleep-study", title="The sleep study")
    published.slug = "sleep-study-2026"
    article_save(article=published)
    draft = ArticleFactory(slug="my-draft", draft=True, author=author)
    form = {
        "title": "Mine", "slug": "sleep-study", "summary": "S.", "body": "B.",
        "category": draft.category.pk, "status": "review", "cover_alt": "",
    }  # fmt: skip
    change = reverse("admin:blog_article_change", args=[draft.pk])
    for user in (author, editor):
        client.force_login(user)
        if user == editor:
            form["status"] = "published"
        response = client.post(change, form)
        assert response.status_code == 200
        assert "still leads readers to it" in response.content.decode()
    client.logout()
    response = client.get("/articles/sleep-study/")
    assert (response.status_code, response["Location"]) == (301, "/articles/sleep-study-2026/")
    assert Article.objects.get(pk=draft.pk).slug == "my-draft"


@pytest.mark.parametrize("policy", ["open", "first", "all"])
def test_an_edit_is_moderated_like_a_new_comment(settings, policy):
    """Finding 6: an approved comment edited into anything stayed visible under "all". An edit
    is shown at once exactly when a new comment with that text would be."""
    from comments.models import Comment
    from comments.services import _initial_status, comment_edit, comment_moderate, comment_post

    settings.COMMENTS_MODERATION = policy
    member, moderator = UserFactory(), UserFactory(is_superuser=True, is_staff=True)
    comment = comment_post(article=ArticleFactory(), author=member, body="First words.")
    comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status="visible", by=moderator)
    comment.refresh_from_db()
    new_body = "Words nobody has approved."
    would_be = _initial_status(member, new_body)
    comment_edit(comment=comment, by=member, body=new_body)
    comment.refresh_from_db()
    assert comment.status == would_be
    assert comment.status == ("pending" if policy == "all" else "visible")


@pytest.mark.parametrize("where", ["avatar", "cover", "editor"])
def test_an_image_over_its_pixel_limit_is_refused_before_any_pixel_is_decoded(
    client, monkeypatch, settings, where
):
    """Finding 11: a tiny file declaring many pixels was decoded before (or despite) the limit.
    A real, complete one-colour PNG over each path's limit is refused from its header."""
    from PIL import ImageFile

    from tests.images import solid_png, upload

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    side = 3500 if where == "avatar" else 6400  # 12.25 and 40.96 megapixels
    image = upload("big.png", solid_png(side, side), "image/png")

    def no_decoding(image):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    if where == "avatar":
        response = client.post(reverse("accounts:profile"), {"display_name": "A", "avatar": image})
    elif where == "cover":
        category = CategoryFactory()
        response = client.post(
            reverse("admin:blog_article_add"),
            {"title": "T", "slug": "t", "summary": "S.", "body": "B.", "cover": image,
             "cover_alt": "A picture", "category": category.pk, "status": "draft"},
        )  # fmt: skip
    else:
        response = client.post(reverse("markdownx_upload"), {"image": image})
    if where == "editor":
        assert response.status_code == 400
        shown = " ".join(response.json()["image"])
    else:
        assert response.status_code == 200
        shown = response.content.decode()
    assert f"This image is {side} × {side} pixels" in shown
    assert not any(files for _, _, files in os.walk(settings.MEDIA_ROOT))
