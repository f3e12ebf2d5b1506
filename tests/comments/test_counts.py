"""Comment counts stay equal to the visible comments when members post at the same moment."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from blog.models import Article
from comments.models import Comment
from comments.services import comment_post
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time; the race needs PostgreSQL (CI's run)",
    ),
]


def _post_in_thread(article, author, body, *, before_commit=None, errors):
    try:
        with transaction.atomic():
            comment_post(article=article, author=author, body=body)
            if before_commit:
                before_commit()
    except Exception as error:  # noqa: BLE001 - reported by the test below
        errors.append(error)
    finally:
        connections.close_all()


def _wait_until_blocked_on_a_lock(timeout=10):
    """Until another session of this database waits for a row lock (polls pg_stat_activity)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.01)
    raise AssertionError("the second comment never waited for the first one's transaction")


def test_two_comments_committing_together_are_both_counted():
    """The second post counts after the first one commits, not from a snapshot taken before."""
    article = ArticleFactory()
    first, second = UserFactory(), UserFactory()
    posted, release, errors = threading.Event(), threading.Event(), []

    def hold_open():
        posted.set()
        release.wait(10)

    one = threading.Thread(
        target=_post_in_thread,
        args=(article, first, "First at the same moment."),
        kwargs={"before_commit": hold_open, "errors": errors},
    )
    one.start()
    assert posted.wait(10)
    two = threading.Thread(
        target=_post_in_thread,
        args=(article, second, "Second at the same moment."),
        kwargs={"errors": errors},
    )
    two.start()
    _wait_until_blocked_on_a_lock()
    release.set()
    one.join(10)
    two.join(10)

    assert errors == []
    assert Comment.objects.visible().filter(article=article).count() == 2
    assert Article.objects.get(pk=article.pk).comment_count == 2


def test_many_members_posting_at_once_leave_an_exact_count():
    article = ArticleFactory()
    authors = [UserFactory() for _ in range(8)]
    start, errors = threading.Barrier(len(authors)), []

    def post(author):
        start.wait(10)
        _post_in_thread(article, author, f"Comment by {author.pk}.", errors=errors)

    threads = [threading.Thread(target=post, args=(author,)) for author in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert Article.objects.get(pk=article.pk).comment_count == 8
