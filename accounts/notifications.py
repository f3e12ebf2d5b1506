"""E-mails to followers of a category when an article is published in it.

`send_follow_notifications()` is run by `manage.py send_notifications` from cron. A row of
FollowNotification records each e-mail sent, so a second run sends nothing new; an address
that fails is logged and tried again on the next run, and never stops the others.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, CategoryFollow, FollowNotification

from .services import absolute_url
from .tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def pending_follows(article):
    """Followers still to be told about `article`: they followed its category before it was
    published, have a confirmed address, want these e-mails and were not sent one yet."""
    already_sent = FollowNotification.objects.filter(user=OuterRef("user"), article=article)
    return (
        CategoryFollow.objects.filter(
            category_id=article.category_id,
            created_at__lte=article.published_at,
            user__is_active=True,
            user__email_verified_at__isnull=False,
            user__notify_on_follow=True,
        )
        .exclude(Exists(already_sent))
        .select_related("user")
        .order_by("pk")
    )


def send_follow_notifications(*, days=7, batch_size=100, now=None):
    """E-mail each follower once about every article published in the last `days` days."""
    now = now or timezone.now()
    articles = (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - timedelta(days=days))
        .select_related("category")
        .order_by("published_at", "pk")
    )
    outcome = Outcome()
    for article in articles:
        follows = pending_follows(article)
        last_pk = 0
        while batch := list(follows.filter(pk__gt=last_pk)[:batch_size]):
            last_pk = batch[-1].pk
            _send_batch(article, [follow.user for follow in batch], outcome)
    return outcome


def _send_batch(article, users, outcome):
    """Send one batch over one mail connection, recording each e-mail that went out."""
    with get_connection() as connection:
        for user in users:
            try:
                connection.send_messages([_message(article, user)])
            except Exception:
                logger.exception(
                    "Could not e-mail member %s about article %s; will retry on the next run.",
                    user.pk,
                    article.pk,
                )
                outcome.failed += 1
                # A refused message can leave an SMTP connection unusable; the next send
                # opens a fresh one.
                connection.close()
                continue
            FollowNotification.objects.create(user=user, article=article)
            outcome.sent += 1


def _message(article, user):
    unsubscribe_url = absolute_url(
        reverse("accounts:unsubscribe", kwargs={"token": make_unsubscribe_token(user)})
    )
    context = {
        "user": user,
        "article": article,
        "article_url": absolute_url(article.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
        "center_url": absolute_url(reverse("accounts:center")),
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        # One line of plain text: a header cannot hold a line break from a title.
        subject=" ".join(
            render_to_string("accounts/email/new_article_subject.txt", context).split()
        ),
        body=render_to_string("accounts/email/new_article.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
