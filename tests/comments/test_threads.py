"""comments/threads.py as readers see it on the article page: who sees which comments, how
replies nest, the notices that keep a thread's shape, and one query for a thread of any size."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.rendered import comment_block, page

pytestmark = pytest.mark.django_db


# Who sees what ----------


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


# Nesting and permalinks ----------


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


# Edit and delete links, deleted comments ----------


def test_author_sees_edit_and_delete_links_others_do_not(client, member, article):
    comment = CommentFactory(article=article, author=member)
    edit = reverse("comments:edit", args=[article.slug, comment.pk])
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


def test_reply_to_a_deleted_comment_says_so(client, article):
    top = CommentFactory(article=article)
    first = CommentFactory(parent=top)
    second = CommentFactory(parent=first, is_deleted=True, body="")
    third = CommentFactory(parent=second, body="Still here")
    html = page(client, article)
    assert "Comment deleted" in comment_block(html, second)
    assert "replying to a deleted comment" in comment_block(html, third)


# Query counts ----------


def article_page_queries(client, article, count, django_assert_num_queries, n):
    top = CommentFactory(article=article)
    replies = [top]
    for index in range(count - 1):
        replies.append(CommentFactory(parent=replies[index // 3]))
    page(client, article)
    article.save()  # an edit: no page or fragment of it is left in the cache
    with django_assert_num_queries(n):
        page(client, article)


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_queries_do_not_grow_with_comments(
    client, member, article, count, django_assert_num_queries
):
    client.force_login(member)
    # session, user, article (with its comment count, tags and neighbours), saved state, content
    # version, header categories, whether the member has commented here, comments, related,
    # footer links
    article_page_queries(client, article, count, django_assert_num_queries, 10)


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_queries_for_visitors(client, article, count, django_assert_num_queries):
    # content version, article (with its tags and neighbours), header categories, comments,
    # related, footer links
    article_page_queries(client, article, count, django_assert_num_queries, 6)


def test_comments_show_the_authors_avatar_or_initials(client):
    from tests.images import image_bytes, upload

    article = ArticleFactory()
    with_photo = UserFactory(display_name="Ada Lovelace")
    with_photo.avatar = upload("ada.png", image_bytes())
    with_photo.save()
    CommentFactory(article=article, author=with_photo)
    CommentFactory(article=article, author=UserFactory(display_name="Grace Hopper"))

    content = client.get(article.get_absolute_url()).content.decode()

    assert f'<img class="avatar avatar--small" src="{with_photo.avatar.url}" alt=""' in content
    assert (
        '<span class="avatar avatar--small avatar--initials" aria-hidden="true">GH</span>'
        in content
    )
