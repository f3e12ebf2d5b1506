"""comments/views.py: the comment form on the article page and where it posts, the reply, edit
and delete pages, the member's own comments; and that whatever a member posts is shown as text."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.rendered import comment_block, page
from tests.payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", args=[article.slug])


def post_comment(client, article, body="A new comment.", **extra):
    return client.post(post_url(article), {"body": body, "website": "", **extra})


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
    assert f'action="{post_url(article)}#comment-form"' in html


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


def test_visitor_post_is_sent_to_sign_in_and_back_to_the_comments(client, article):
    response = post_comment(client, article)
    assert response.status_code == 302
    login = reverse("accounts:login")
    assert response.url == f"{login}?next=/articles/{article.slug}/%23comments"
    assert not Comment.objects.exists()


def test_the_comment_address_only_takes_posts(client, member, article):
    client.force_login(member)
    assert client.get(post_url(article)).status_code == 405
    assert not Comment.objects.exists()


def test_refused_post_shows_the_article_page_again_with_the_text(client, member, article):
    client.force_login(member)
    article.comments_open = False
    article.save()
    response = post_comment(client, article, "Too late to the party")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Acupuncture and back pain</h1>" in html
    assert "Comments are closed on this article." in html
    assert "Too late to the party</textarea>" in html
    assert not Comment.objects.exists()


def test_posting_on_an_article_that_does_not_exist_is_404(client, member):
    client.force_login(member)
    response = client.post(reverse("comments:post", args=["no-such-article"]), {"body": "Hi"})
    assert response.status_code == 404


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
    assert 0 < int(response["Retry-After"]) <= 60
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


# The reply page ----------


def test_reply_page_posts_a_nested_reply(client, member, article):
    parent = CommentFactory(article=article, body="Original point")
    url = reverse("comments:reply", args=[article.slug, parent.pk])
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "Original point" in html and f'action="{url}"' in html
    response = client.post(url, {"body": "My answer", "website": ""})
    reply = Comment.objects.get(body="My answer")
    assert reply.parent == parent
    assert response.url == reply.get_absolute_url()


def test_reply_page_sends_visitors_to_sign_in_and_back(client, article):
    parent = CommentFactory(article=article)
    url = reverse("comments:reply", args=[article.slug, parent.pk])
    html = client.get(url).content.decode()
    assert f"?next=%2Farticles%2F{article.slug}%2Fcomments%2F{parent.pk}%2Freply%2F" in html


def test_reply_page_refusal_keeps_text(client, member, article):
    parent = CommentFactory(article=article)
    url = reverse("comments:reply", args=[article.slug, parent.pk])
    client.force_login(member)
    client.post(url, {"body": "Twice", "website": ""})
    response = client.post(url, {"body": "Twice", "website": ""})
    assert response.status_code == 400
    assert "Twice</textarea>" in response.content.decode()


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_reply_page_of_a_comment_readers_cannot_see_is_404(client, member, article, status):
    parent = CommentFactory(article=article, status=status)
    client.force_login(member)
    url = reverse("comments:reply", args=[article.slug, parent.pk])
    assert client.get(url).status_code == 404


def test_reply_page_needs_the_right_article(client, article):
    parent = CommentFactory()
    url = reverse("comments:reply", args=[article.slug, parent.pk])
    assert client.get(url).status_code == 404


# Editing and deleting ----------


def test_edit_page_changes_the_text_and_marks_it_edited(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Typo teh")
    client.force_login(member)
    url = reverse("comments:edit", args=[article.slug, comment.pk])
    assert "Typo teh</textarea>" in client.get(url).content.decode()
    response = client.post(url, {"body": "Typo the"})
    assert response.url == comment.get_absolute_url()
    block = comment_block(page(client, article), comment)
    assert "Typo the" in block and "(edited)" in block


def test_an_edit_under_moderation_all_is_held_again_and_its_author_is_told(
    client, member, article, settings
):
    settings.COMMENTS_MODERATION = "all"
    comment = CommentFactory(article=article, author=member, body="Approved words.")
    client.force_login(member)
    url = reverse("comments:edit", args=[article.slug, comment.pk])

    response = client.post(url, {"body": "Unread words."}, follow=True)

    html = response.content.decode()
    assert "awaiting approval" in html  # the message and the comment's badge
    assert "Awaiting approval" in comment_block(html, comment)
    client.logout()  # a reader sees neither version until a moderator approves it
    assert "Unread words." not in page(client, article)
    assert "Approved words." not in page(client, article)


def test_edit_after_the_window_is_refused_with_text_kept(client, member, article):
    comment = CommentFactory(
        article=article,
        author=member,
        body="Old",
        created_at=timezone.now() - timedelta(minutes=20),
    )
    client.force_login(member)
    url = reverse("comments:edit", args=[article.slug, comment.pk])
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
    for name in ("comments:edit", "comments:delete"):
        url = reverse(name, args=[article.slug, comment.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "x"}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == comment.body


def test_delete_without_replies_removes_it_from_the_page(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Regrettable")
    client.force_login(member)
    url = reverse("comments:delete", args=[article.slug, comment.pk])
    assert "Delete your comment?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == f"{article.get_absolute_url()}#comments"
    html = page(client, article)
    assert "Regrettable" not in html and "Comment deleted" not in html


def test_delete_with_replies_leaves_comment_deleted_in_place(client, member, article):
    comment = CommentFactory(article=article, author=member, body="Regrettable")
    reply = CommentFactory(parent=comment, body="A reply that stays")
    client.force_login(member)
    client.post(reverse("comments:delete", args=[article.slug, comment.pk]))
    html = page(client, article)
    assert "Regrettable" not in html
    assert "Comment deleted" in comment_block(html, comment)
    assert html.index(f'id="comment-{comment.pk}"') < html.index(f'id="comment-{reply.pk}"')


# My comments ----------


def test_my_comments_lists_the_members_comments_with_permalinks(client, member):
    mine = CommentFactory(author=member, body="My own words")
    CommentFactory(body="Someone else's words")
    url = reverse("comments:mine")
    assert client.get(url).status_code == 302
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "My own words" in html and "Someone else" not in html
    assert f'href="{mine.get_absolute_url()}"' in html


def test_my_comments_is_paginated(client, member):
    CommentFactory.create_batch(21, author=member)
    client.force_login(member)
    html = client.get(reverse("comments:mine")).content.decode()
    assert "Page 1 of 2" in html


# Query counts ----------


def test_article_list_queries_do_not_grow_with_comments(client, django_assert_num_queries):
    for _ in range(5):
        CommentFactory.create_batch(3, article=ArticleFactory())
    # content version, count for the paginator, articles (with their comment counts), header
    # categories, footer links
    with django_assert_num_queries(5):
        client.get(reverse("blog:list"))


# Script injection: what a member posts is shown as the text they typed ----------


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", {}))


def assert_shown_as_text(body_html, payload):
    inspector = _Inspector()
    inspector.feed(body_html)
    for tag, attrs in inspector.tags:
        assert tag in {"p", "br", "a"}, (tag, body_html)
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, body_html
            assert re.match(r"https?://", attrs["href"]), body_html
            assert attrs["rel"] == "nofollow ugc noopener"
    shown = re.sub(r"\s+", " ", "".join(inspector.text)).strip()
    assert shown == re.sub(r"\s+", " ", payload).strip()


def test_there_are_enough_payloads():
    assert len(set(XSS_PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_posted_as_comment_is_shown_as_text(client, member, payload):
    article = ArticleFactory()
    client.force_login(member)
    response = post_comment(client, article, payload)
    assert response.status_code == 302, response.content.decode()[-2000:]
    comment = Comment.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    body = re.search(
        rf'id="comment-{comment.pk}">.*?<div class="comment__body">(.*?)</div>', html, re.S
    ).group(1)
    assert_shown_as_text(body, payload)
    # The page's only scripts are the site's own: enhancements from static files, and
    # structured data, which browsers never run.
    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    own = ('<script type="application/ld+json">',)
    assert all('src="/static/js/' in tag or tag in own for tag in scripts), scripts


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:10])
def test_payload_kept_in_the_form_after_a_refusal_is_escaped(client, member, payload):
    article = ArticleFactory()
    client.force_login(member)
    response = post_comment(client, article, payload, website="robot")
    assert response.status_code == 400
    html = response.content.decode()
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "<" not in textarea
