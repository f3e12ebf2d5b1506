"""E-mails to followers of categories, tags and authors about new articles: one e-mail per
article as it is published, or one daily or weekly digest, as each member chose
(`User.follow_frequency`).

`send_follow_notifications()` is run by `manage.py send_notifications` from cron every few
minutes. A member is told about an article once, whatever the number of their follows it
matches and however they get it: a FollowNotification row (unique per member and article)
records it, and a Digest row (unique per member, frequency and period) records each digest.

Each e-mail is decided, recorded and sent in one transaction: the rows are inserted first (a
second run working at the same moment waits on their unique keys, then skips that member),
the message is sent, and only then is the transaction committed. A send that fails rolls its
rows back, so the next run tries again; a run that dies before a commit leaves nothing
recorded and the next run sends it. The one window for a repeat is between the mail server
accepting a message and the commit that follows it at once. One failing address is logged and
never stops the others.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Digest, Follow, FollowNotification

from .services import absolute_url
from .tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)

User = get_user_model()
PERIODS = {Digest.Frequency.DAILY: timedelta(days=1), Digest.Frequency.WEEKLY: timedelta(days=7)}
# A digest looks back at most this far for articles a member has not been told about (after a
# change of frequency, or cron stopped for a while).
DIGEST_LOOKBACK = timedelta(days=14)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def followers_to_tell(article):
    """The members following `article`'s category, one of its tags or its author since before it
    was published, who want each article at once and were not told about it yet."""
    return (
        _wanting_follow_emails()
        .filter(follow_frequency="instant")
        .filter(Exists(_matching_follows(article).filter(user=OuterRef("pk"))))
        .exclude(Exists(FollowNotification.objects.filter(user=OuterRef("pk"), article=article)))
        .exclude(pk=article.author_id or 0)
        .order_by("pk")
    )


def send_follow_notifications(*, days=7, batch_size=100, now=None):
    """Tell each follower once about every article published in the last `days` days (at
    once), and send the digests of the last complete day and week."""
    now = now or timezone.now()
    outcome = Outcome()
    _send_instant(now=now, days=days, batch_size=batch_size, outcome=outcome)
    for frequency in PERIODS:
        _send_digests(frequency, now=now, batch_size=batch_size, outcome=outcome)
    return outcome


def digest_period(frequency, now):
    """The last complete period before `now`: the day before today, or the week (Monday to
    Monday) before this one, in the site's time zone."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = today if frequency == Digest.Frequency.DAILY else today - timedelta(days=today.weekday())
    return end - PERIODS[frequency], end


def digest_articles(user, *, since, until):
    """The published articles in [since, until) that match a follow of `user` made before
    each was published, that `user` did not write and was not told about, oldest first."""
    follows = Follow.objects.filter(user=user, created_at__lte=OuterRef("published_at")).filter(
        Q(category_id=OuterRef("category_id"))
        | Q(tag__articles=OuterRef("pk"))
        | Q(author_id=OuterRef("author_id"))
    )
    told = FollowNotification.objects.filter(user=user, article=OuterRef("pk"))
    return (
        Article.objects.published(now=until)
        .filter(published_at__gte=since, published_at__lt=until)
        .filter(Exists(follows))
        .exclude(Exists(told))
        .exclude(author=user)
        .select_related("category")
        .order_by("published_at", "pk")
    )


def _wanting_follow_emails():
    return User.objects.filter(
        is_active=True, email_verified_at__isnull=False, notify_on_follow=True
    )


def _matching_follows(article):
    match = Q(category_id=article.category_id) | Q(tag__articles=article.pk)
    if article.author_id:
        match |= Q(author_id=article.author_id)
    return Follow.objects.filter(match, created_at__lte=article.published_at)


def _send_instant(*, now, days, batch_size, outcome):
    articles = (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - timedelta(days=days))
        .select_related("category", "author")
        .order_by("published_at", "pk")
    )
    for article in articles:
        pending = followers_to_tell(article)
        last_pk = 0
        while batch := list(pending.filter(pk__gt=last_pk)[:batch_size]):
            last_pk = batch[-1].pk
            with get_connection() as connection:
                for user in batch:
                    _send_article(connection, outcome, article, user)


def _send_article(connection, outcome, article, user):
    def record():
        FollowNotification.objects.create(user=user, article=article)

    def message():
        return _article_message(article, user)

    what = f"article {article.pk}"
    _deliver(connection, outcome, record=record, message=message, what=what, user=user)


def _send_digests(frequency, *, now, batch_size, outcome):
    start, end = digest_period(frequency, now)
    due = (
        _wanting_follow_emails()
        .filter(follow_frequency=frequency)
        .filter(Exists(Follow.objects.filter(user=OuterRef("pk"))))
        .exclude(
            Exists(
                Digest.objects.filter(user=OuterRef("pk"), frequency=frequency, period_start=start)
            )
        )
        .order_by("pk")
    )
    last_pk = 0
    while batch := list(due.filter(pk__gt=last_pk)[:batch_size]):
        last_pk = batch[-1].pk
        with get_connection() as connection:
            for user in batch:
                _send_digest(connection, outcome, user, frequency, start, end)


def _send_digest(connection, outcome, user, frequency, start, end):
    previous = (
        Digest.objects.filter(user=user, frequency=frequency, period_end__lte=end)
        .values_list("period_end", flat=True)
        .first()
    )
    since = max(min(previous or start, start), end - DIGEST_LOOKBACK)
    state = {}

    def record():
        digest = Digest.objects.create(
            user=user, frequency=frequency, period_start=start, period_end=end
        )
        state["articles"] = list(digest_articles(user, since=since, until=end))
        if state["articles"]:
            FollowNotification.objects.bulk_create(
                FollowNotification(user=user, article=article, digest=digest)
                for article in state["articles"]
            )
            digest.article_count = len(state["articles"])
            digest.save(update_fields=["article_count"])

    def message():
        # A period with nothing new is recorded, and nothing is sent.
        return _digest_message(user, frequency, state["articles"]) if state["articles"] else None

    _deliver(connection, outcome, record=record, message=message, what="digest", user=user)


def _deliver(connection, outcome, *, record, message, what, user):
    """Record, then send, in one transaction (module docstring)."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record()
            except IntegrityError:
                return  # another run has just done it
            email = message()
            if email is not None:
                connection.send_messages([email])
                outcome.sent += 1
    except Exception:
        # `user` is a member, or a subscriber without an account (accounts.subscriptions).
        logger.exception(
            "Could not e-mail %s %s about %s; will retry on the next run.",
            user._meta.verbose_name,
            user.pk,
            what,
        )
        outcome.failed += 1
        # A refused message can leave an SMTP connection unusable; the next send opens a
        # fresh one.
        connection.close()


def _common_context(user):
    unsubscribe_url = absolute_url(
        reverse("accounts:unsubscribe", kwargs={"token": make_unsubscribe_token(user)})
    )
    return {
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "center_url": absolute_url(reverse("accounts:follows")),
        "site_name": settings.SITE_NAME,
    }


def _email(user, context, template):
    return EmailMessage(
        # One line of plain text: a header cannot hold a line break from a title.
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _article_message(article, user):
    follows = (
        _matching_follows(article).filter(user=user).select_related("category", "tag", "author")
    )
    context = {
        **_common_context(user),
        "article": article,
        "article_url": absolute_url(article.get_absolute_url()),
        "reasons": sorted({follow.target_name for follow in follows}),
    }
    return _email(user, context, "accounts/email/new_article")


def _digest_message(user, frequency, articles):
    context = {
        **_common_context(user),
        "frequency": frequency,
        "entries": [(article, absolute_url(article.get_absolute_url())) for article in articles],
    }
    return _email(user, context, "accounts/email/digest")
