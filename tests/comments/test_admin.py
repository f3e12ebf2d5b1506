"""comments/admin.py: moderators list, search, approve, hide and mark comments as spam; editors
close an article's comments in its admin page."""

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Comment
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_admin_bulk_actions_approve_hide_and_mark_spam(client, editor):
    comments = CommentFactory.create_batch(3, status="pending")
    client.force_login(editor)
    url = reverse("admin:comments_comment_changelist")
    for action, status in (
        ("approve_selected", "visible"),
        ("hide_selected", "hidden"),
        ("mark_spam_selected", "spam"),
    ):
        response = client.post(
            url, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
        )
        assert response.status_code == 200
        assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_admin_lists_filters_and_searches_comments(client, editor, django_assert_max_num_queries):
    CommentFactory(body="Needle in the haystack", status="pending")
    CommentFactory.create_batch(10, body="Hay")
    client.force_login(editor)
    url = reverse("admin:comments_comment_changelist")
    html = client.get(url, {"q": "needle"}).content.decode()
    assert "Needle in the haystack" in html and "1 result" in html
    html = client.get(url, {"status__exact": "pending"}).content.decode()
    assert "Needle in the haystack" in html and ">Hay<" not in html
    with django_assert_max_num_queries(12):
        client.get(url)


def test_admin_change_form_approves_a_held_reply_and_emails_the_parent_author(
    client, editor, django_capture_on_commit_callbacks
):
    parent = CommentFactory()
    reply = CommentFactory(parent=parent, status="pending")
    client.force_login(editor)
    url = reverse("admin:comments_comment_change", args=[reply.pk])
    assert "readonly" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "visible"})
    assert response.status_code == 302
    assert Comment.objects.get(pk=reply.pk).status == "visible"
    replies = [message for message in mail.outbox if "replied to you" in message.subject]
    assert [message.to for message in replies] == [[parent.author.email]]


def test_editor_can_close_comments_in_the_article_admin(client, editor, article):
    client.force_login(editor)
    html = client.get(reverse("admin:blog_article_change", args=[article.pk])).content.decode()
    assert 'name="comments_open"' in html
