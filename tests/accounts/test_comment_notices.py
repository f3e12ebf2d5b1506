"""E-mails about comments: an article's author hears of each new visible comment on it (never
their own), a member of replies to theirs; each kind carries its own one-click unsubscribe
(RFC 8058) that switches off that kind only."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_moderate, comment_post
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db):
    return UserFactory(email="writer@example.com", is_staff=True)


@pytest.fixture
def article(writer):
    return ArticleFactory(author=writer, title="Acupuncture and back pain")


def post(article, author, body, parent=None, capture=None):
    with capture(execute=True):
        return comment_post(article=article, author=author, body=body, parent=parent)


def to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def unsubscribe_path(message):
    return message.extra_headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[-1]


def test_author_is_told_of_a_new_comment(
    article, member, mailoutbox, settings, django_capture_on_commit_callbacks
):
    comment = post(
        article,
        member,
        "Secret words typed by a stranger.",
        capture=django_capture_on_commit_callbacks,
    )

    [message] = to(mailoutbox, "writer@example.com")
    assert message.subject == "New comment on your article “Acupuncture and back pain”"
    assert member.public_name in message.body
    assert f"{settings.SITE_URL}{comment.get_absolute_url()}" in message.body
    assert "Secret words typed by a stranger." not in message.body, "only what the notice needs"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL}/account/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_author_is_never_told_of_their_own_comment(
    article, writer, mailoutbox, django_capture_on_commit_callbacks
):
    post(article, writer, "A note from the author.", capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_no_notice_when_the_author_opted_out(
    article, writer, member, mailoutbox, django_capture_on_commit_callbacks
):
    writer.notify_on_comment = False
    writer.save()
    post(article, member, "A comment.", capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_held_comment_tells_the_author_only_once_approved(
    article, member, editor, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATION = "all"
    comment = post(article, member, "Held for now.", capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(
            comments=Comment.objects.filter(pk=comment.pk), status="visible", by=editor
        )
    assert [message.to for message in mailoutbox] == [["writer@example.com"]]


def test_a_reply_to_the_authors_own_comment_sends_one_email(
    article, writer, member, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(article=article, author=writer)
    post(article, member, "An answer.", parent=parent, capture=django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.to == ["writer@example.com"]
    assert "replied to you" in message.subject


def test_a_reply_tells_both_the_parent_and_the_article_author(
    article, member, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(article=article, author=UserFactory(email="ana@example.com"))
    post(article, member, "An answer.", parent=parent, capture=django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "ana@example.com",
        "writer@example.com",
    ]
    [reply] = to(mailoutbox, "ana@example.com")
    assert reply.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_from_comment_notices_stops_only_those(
    article, writer, member, mailoutbox, django_capture_on_commit_callbacks
):
    post(article, member, "First.", capture=django_capture_on_commit_callbacks)
    url = unsubscribe_path(mailoutbox[0])

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "new comments on your articles" in response.content.decode()
    writer.refresh_from_db()
    assert (writer.notify_on_comment, writer.notify_on_reply, writer.notify_on_follow) == (
        False,
        True,
        True,
    )
    mailoutbox.clear()
    post(article, UserFactory(), "Second.", capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_one_click_unsubscribe_from_replies_stops_only_those(
    article, member, mailoutbox, django_capture_on_commit_callbacks
):
    ana = UserFactory(email="ana@example.com")
    parent = CommentFactory(article=article, author=ana)
    post(article, member, "An answer.", parent=parent, capture=django_capture_on_commit_callbacks)
    url = unsubscribe_path(to(mailoutbox, "ana@example.com")[0])

    page = Client().get(url)
    assert "Stop e-mails about replies to your comments?" in page.content.decode()
    ana.refresh_from_db()
    assert ana.notify_on_reply, "a GET (a mail scanner) changes nothing"
    Client(enforce_csrf_checks=True).post(url)

    ana.refresh_from_db()
    assert (ana.notify_on_reply, ana.notify_on_comment, ana.notify_on_follow) == (
        False,
        True,
        True,
    )


def test_the_preference_is_in_the_management_center(client, writer):
    client.force_login(writer)
    assert (
        "e-mail me about new comments on my articles"
        in client.get(reverse("accounts:center")).content.decode().lower()
    )
    client.post(reverse("accounts:follows"), {"notify_on_reply": "on"})
    writer.refresh_from_db()
    assert not writer.notify_on_comment and not writer.notify_on_follow
