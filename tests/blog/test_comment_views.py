"""The comment thread as readers and members see it, and the pages that change it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Acupuncture and back pain")


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def comment_block(html, comment):
    """The HTML of one comment's <article> element."""
    match = re.search(
        rf'<article class="[^"]*" id="comment-{comment.pk}">(.*?)</article>', html, re.S
    )
    assert match, f"comment {comment.pk} is not on the page"
    return match.group(1)


def post_comment(client, article, body="A new comment.", **extra):
    return client.post(article.get_absolute_url(), {"body": body, "website": "", **extra})


# Who sees what ----------


def test_visitor_sees_thread_and_sign_in_link_back_to_the_comments(client, article):
    CommentFactory(article=article, body="Helpful, thanks.")
    html = page(client, article)
    assert "Helpful, thanks." in html
    assert 'name="body"' not in html
    login = reverse("accounts:login")
    assert f'href="{login}?next=%2Farticles%2F{article.slug}%2F%23comments"' in html
    assert "Sign in to reply" in html


def test_unverified_member_is_asked_to_confirm_email(client, article):
    client.force_login(UserFactory(email_verified_at=None))
    html = page(client, article)
    assert 'name="body"' not in html
    assert "Please confirm your e-mail address before you comment" in html


def test_verified_member_sees_the_form(client, member, article):
    client.force_login(member)
    html = page(client, article)
    assert '<label for="id_body">Your comment</label>' in html
    assert 'aria-describedby="id_body_help"' in html


def test_closed_article_shows_comments_but_no_form_or_reply_links(client, member, article):
    CommentFactory(article=article, body="Earlier discussion.")
    article.comments_open = False
    article.save()
    client.force_login(member)
    html = page(client, article)
    assert "Earlier discussion." in html
    assert "Comments are closed on this article." in html
    assert 'name="body"' not in html
    assert ">Reply<" not in html
    assert post_comment(client, article).status_code == 403


def test_hidden_and_spam_comments_are_not_shown(client, article):
    CommentFactory(article=article, body="Hidden words", status="hidden")
    CommentFactory(article=article, body="Buy pills", status="spam")
    html = page(client, article)
    assert "Hidden words" not in html and "Buy pills" not in html
    assert 'Comments <span class="comments__count">(0)</span>' in html


def test_pending_comment_is_shown_only_to_its_author_marked_awaiting(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Held words", status="pending")
    assert "Held words" not in page(client, article)
    client.force_login(UserFactory())
    assert "Held words" not in page(client, article)
    client.force_login(member)
    block = comment_block(page(client, article), comment)
    assert "Held words" in block and "Awaiting approval" in block


def test_comment_count_on_cards_and_article_page(client, article):
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status="pending")
    assert "3 comments" in client.get(reverse("blog:list")).content.decode()
    html = page(client, article)
    assert '<a href="#comments">3 comments</a>' in html


# Posting ----------


def test_member_posts_and_lands_on_the_comment(client, member, article):
    client.force_login(member)
    response = post_comment(client, article, "First line\nsecond line\n\nNew paragraph")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = client.get(response.url).content.decode()
    assert "Your comment is published." in html
    assert "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>" in comment_block(
        html, comment
    )


def test_visitor_post_is_sent_to_sign_in(client, article):
    response = post_comment(client, article)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Comment.objects.exists()


def test_empty_comment_shows_error_next_to_field_and_at_top(client, member, article):
    client.force_login(member)
    response = post_comment(client, article, "")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<div class="form-errors" role="alert">' in html
    assert '<p class="field__error">Write your comment before posting.</p>' in html


def test_too_long_comment_keeps_the_text(client, member, article):
    client.force_login(member)
    text = "many words " * 500 + "and more"
    response = post_comment(client, article, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "A comment can be at most 5000 characters; this one has 5508." in html
    assert text.strip() in html


def test_rate_limit_refusal_is_429_and_keeps_the_text(client, member, article):
    client.force_login(member)
    for n in range(5):
        assert post_comment(client, article, f"Comment {n}").status_code == 302
    response = post_comment(client, article, "My sixth thought")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You can post 5 comments a minute." in html
    assert "My sixth thought</textarea>" in html
    assert Comment.objects.count() == 5


def test_duplicate_refusal_is_400_and_keeps_the_text(client, member, article):
    client.force_login(member)
    post_comment(client, article, "Same again")
    response = post_comment(client, article, "Same again")
    assert response.status_code == 400
    html = response.content.decode()
    assert "You have just posted this same comment." in html
    assert "Same again</textarea>" in html


def test_honeypot_refusal_is_generic_and_keeps_the_text(client, member, article):
    client.force_login(member)
    response = post_comment(client, article, "Robot words", website="http://spam.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your comment could not be posted. Please try again." in html
    assert "Robot words</textarea>" in html
    assert not Comment.objects.exists()


def test_many_links_are_held_and_the_author_is_told(client, member, article):
    client.force_login(member)
    links = "\n".join(f"https://example.org/{n}" for n in range(4))
    response = post_comment(client, article, links)
    assert Comment.objects.get().status == "pending"
    html = client.get(response.url).content.decode()
    assert "Your comment is awaiting approval" in html


# Nesting, permalinks and the reply page ----------


def test_replies_nest_two_levels_and_deeper_ones_say_whom_they_answer(client, article):
    top = CommentFactory(article=article, author=UserFactory(display_name="Ana"))
    first = CommentFactory(parent=top, author=UserFactory(display_name="Ben"))
    second = CommentFactory(parent=first, author=UserFactory(display_name="Chloe"))
    third = CommentFactory(parent=second, author=UserFactory(display_name="Dev"))
    later = CommentFactory(parent=first, author=UserFactory(display_name="Eve"))
    html = page(client, article)
    html = html[html.index('id="comments"') :]

    def nesting(comment):
        before = html[: html.index(f'id="comment-{comment.pk}"')]
        return before.count('<ol class="comment-list') - before.count("</ol>")

    assert [nesting(c) for c in (top, first, second, third, later)] == [1, 2, 3, 3, 3]
    assert "replying to Chloe" in comment_block(html, third)
    assert "replying to" not in comment_block(html, second)
    # The flattened reply follows the comment it answers, before later replies.
    assert html.index(f"comment-{second.pk}") < html.index(f"comment-{third.pk}")
    assert html.index(f"comment-{third.pk}") < html.index(f'id="comment-{later.pk}"')


def test_each_comment_has_a_permalink_anchor(client, article):
    comment = CommentFactory(article=article)
    html = page(client, article)
    assert f'id="comment-{comment.pk}"' in html
    assert f'href="#comment-{comment.pk}"' in html
    assert comment.get_absolute_url() == f"/articles/{article.slug}/#comment-{comment.pk}"


def test_reply_page_posts_a_nested_reply(client, member, article):
    parent = CommentFactory(article=article, body="Original point")
    url = reverse("blog:comment-reply", args=[article.slug, parent.pk])
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "Original point" in html and f'action="{url}"' in html
    response = client.post(url, {"body": "My answer", "website": ""})
    reply = Comment.objects.get(body="My answer")
    assert reply.parent == parent
    assert response.url == reply.get_absolute_url()


def test_reply_page_sends_visitors_to_sign_in_and_back(client, article):
    parent = CommentFactory(article=article)
    url = reverse("blog:comment-reply", args=[article.slug, parent.pk])
    html = client.get(url).content.decode()
    assert f"?next=%2Farticles%2F{article.slug}%2Fcomments%2F{parent.pk}%2Freply%2F" in html


def test_reply_page_refusal_keeps_text(client, member, article):
    parent = CommentFactory(article=article)
    url = reverse("blog:comment-reply", args=[article.slug, parent.pk])
    client.force_login(member)
    client.post(url, {"body": "Twice", "website": ""})
    response = client.post(url, {"body": "Twice", "website": ""})
    assert response.status_code == 400
    assert "Twice</textarea>" in response.content.decode()


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_reply_page_of_a_comment_readers_cannot_see_is_404(client, member, article, status):
    parent = CommentFactory(article=article, status=status)
    client.force_login(member)
    url = reverse("blog:comment-reply", args=[article.slug, parent.pk])
    assert client.get(url).status_code == 404


def test_reply_page_needs_the_right_article(client, article):
    parent = CommentFactory()
    url = reverse("blog:comment-reply", args=[article.slug, parent.pk])
    assert client.get(url).status_code == 404


# Editing and deleting ----------


def test_author_sees_edit_and_delete_links_others_do_not(client, member, article):
    comment = CommentFactory(article=article, author=member)
    edit = reverse("blog:comment-edit", args=[article.slug, comment.pk])
    assert edit not in page(client, article)
    client.force_login(member)
    assert edit in comment_block(page(client, article), comment)


def test_edit_link_disappears_after_fifteen_minutes(client, member, article):
    comment = CommentFactory(
        article=article, author=member, created_at=timezone.now() - timedelta(minutes=16)
    )
    client.force_login(member)
    block = comment_block(page(client, article), comment)
    assert ">Edit<" not in block and ">Delete<" in block


def test_edit_page_changes_the_text_and_marks_it_edited(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Typo teh")
    client.force_login(member)
    url = reverse("blog:comment-edit", args=[article.slug, comment.pk])
    assert "Typo teh</textarea>" in client.get(url).content.decode()
    response = client.post(url, {"body": "Typo the"})
    assert response.url == comment.get_absolute_url()
    block = comment_block(page(client, article), comment)
    assert "Typo the" in block and "(edited)" in block


def test_edit_after_the_window_is_refused_with_text_kept(client, member, article):
    comment = CommentFactory(
        article=article,
        author=member,
        body="Old",
        created_at=timezone.now() - timedelta(minutes=20),
    )
    client.force_login(member)
    url = reverse("blog:comment-edit", args=[article.slug, comment.pk])
    assert "can no longer be changed" in client.get(url).content.decode()
    response = client.post(url, {"body": "Late change"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "can no longer be changed" in html and "Late change</textarea>" in html
    comment.refresh_from_db()
    assert comment.body == "Old"


def test_someone_elses_comment_cannot_be_edited_or_deleted(client, member, article):
    comment = CommentFactory(article=article)
    client.force_login(member)
    for name in ("blog:comment-edit", "blog:comment-delete"):
        url = reverse(name, args=[article.slug, comment.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "x"}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == comment.body


def test_delete_without_replies_removes_it_from_the_page(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Regrettable")
    client.force_login(member)
    url = reverse("blog:comment-delete", args=[article.slug, comment.pk])
    assert "Delete your comment?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == f"{article.get_absolute_url()}#comments"
    html = page(client, article)
    assert "Regrettable" not in html and "Comment deleted" not in html


def test_delete_with_replies_leaves_comment_deleted_in_place(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Regrettable")
    reply = CommentFactory(parent=comment, body="A reply that stays")
    client.force_login(member)
    client.post(reverse("blog:comment-delete", args=[article.slug, comment.pk]))
    html = page(client, article)
    assert "Regrettable" not in html
    assert "Comment deleted" in comment_block(html, comment)
    assert html.index(f'id="comment-{comment.pk}"') < html.index(f'id="comment-{reply.pk}"')


def test_reply_to_a_deleted_comment_says_so(client, article):
    top = CommentFactory(article=article)
    first = CommentFactory(parent=top)
    second = CommentFactory(parent=first, is_deleted=True, body="")
    third = CommentFactory(parent=second, body="Still here")
    html = page(client, article)
    assert "Comment deleted" in comment_block(html, second)
    assert "replying to a deleted comment" in comment_block(html, third)


# My comments ----------


def test_my_comments_lists_the_members_comments_with_permalinks(client, member):
    mine = CommentFactory(author=member, body="My own words")
    CommentFactory(body="Someone else's words")
    url = reverse("blog:my-comments")
    assert client.get(url).status_code == 302
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "My own words" in html and "Someone else" not in html
    assert f'href="{mine.get_absolute_url()}"' in html


def test_my_comments_is_paginated(client, member):
    CommentFactory.create_batch(21, author=member)
    client.force_login(member)
    html = client.get(reverse("blog:my-comments")).content.decode()
    assert "Page 1 of 2" in html


# Query counts ----------


def article_page_queries(client, article, count, django_assert_num_queries, n):
    top = CommentFactory(article=article)
    replies = [top]
    for index in range(count - 1):
        replies.append(CommentFactory(parent=replies[index // 3]))
    page(client, article)  # the header's categories and footer's links, then cached
    article.save()  # an edit: no fragment of the page is left in the cache
    with django_assert_num_queries(n):
        page(client, article)


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_queries_do_not_grow_with_comments(
    client, member, article, count, django_assert_num_queries
):
    client.force_login(member)
    # session, user, article (with its comment count), tags, neighbours, comments, whether
    # the member has commented here, saved state, related
    article_page_queries(client, article, count, django_assert_num_queries, 9)


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_queries_for_visitors(client, article, count, django_assert_num_queries):
    # article, tags, neighbours, comments, related
    article_page_queries(client, article, count, django_assert_num_queries, 5)


def test_article_list_queries_do_not_grow_with_comments(client, django_assert_num_queries):
    for _ in range(5):
        CommentFactory.create_batch(3, article=ArticleFactory())
    # count for the paginator, articles (with their comment counts), header categories,
    # footer links
    with django_assert_num_queries(4):
        client.get(reverse("blog:list"))


# Moderation in the admin ----------


def test_admin_bulk_actions_approve_hide_and_mark_spam(client, editor):
    comments = CommentFactory.create_batch(3, status="pending")
    client.force_login(editor)
    url = reverse("admin:blog_comment_changelist")
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
    url = reverse("admin:blog_comment_changelist")
    html = client.get(url, {"q": "needle"}).content.decode()
    assert "Needle in the haystack" in html and "1 result" in html
    html = client.get(url, {"status__exact": "pending"}).content.decode()
    assert "Needle in the haystack" in html and ">Hay<" not in html
    with django_assert_max_num_queries(12):
        client.get(url)


def test_admin_change_form_approves_a_held_reply_and_emails_the_parent_author(
    client, editor, django_capture_on_commit_callbacks
):
    from django.core import mail

    parent = CommentFactory()
    reply = CommentFactory(parent=parent, status="pending")
    client.force_login(editor)
    url = reverse("admin:blog_comment_change", args=[reply.pk])
    assert "readonly" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "visible"})
    assert response.status_code == 302
    assert Comment.objects.get(pk=reply.pk).status == "visible"
    assert [message.to for message in mail.outbox] == [[parent.author.email]]


def test_editor_can_close_comments_in_the_article_admin(client, editor, article):
    client.force_login(editor)
    html = client.get(reverse("admin:blog_article_change", args=[article.pk])).content.decode()
    assert 'name="comments_open"' in html
