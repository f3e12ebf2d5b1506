"""Subscribing without an account: double opt-in, the manage link, unsubscribing, deletion,
and the e-mails about new articles to confirmed subscribers.

A subscriber is an address, not a member: no account is created, and an address that has one
may subscribe like any other. Nothing about new articles is sent until the link in the
confirmation e-mail is opened and its button pressed (`subscriber_confirm`). Every later
e-mail carries one signed link (tokens.make_subscriber_token) that opens the manage page and,
POSTed, unsubscribes in one click (RFC 8058).

Sending follows accounts.notifications exactly (its `_deliver`): each e-mail's records are
inserted first under a unique key, the message is sent, then the transaction commits, so a
crash mid-run sends nobody twice and skips nobody.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Subscriber, SubscriberDigest, SubscriberNotification
from core.throttle import Throttled, count_attempt

from .notifications import DIGEST_LOOKBACK, PERIODS, _deliver, digest_period
from .services import _send, absolute_url
from .tokens import (
    LinkError,
    make_subscribe_confirm_token,
    make_subscriber_token,
    read_subscribe_confirm_token,
    read_subscriber_token,
)


def subscriber_request(*, email, base_url=None):
    """Ask for a subscription for `email`: send the confirmation link, or, to an address
    already subscribed, a reminder with its manage link.

    The caller answers the same whatever happens here, so nobody learns whether an address is
    subscribed, is a member's, or has had its e-mails for now (FOLIO_THROTTLES
    ["subscribe-email"] is spent per address, silently).
    """
    email = email.strip().lower()
    try:
        count_attempt("subscribe-email", address=email)
    except Throttled:
        return
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    if subscriber.confirmed_at and not subscriber.unsubscribed_at:
        context = {"manage_url": manage_url(subscriber, base_url=base_url)}
        _send(email, "accounts/email/subscribe_existing", _with_site(context))
        return
    path = reverse(
        "accounts:subscribe-confirm", kwargs={"token": make_subscribe_confirm_token(subscriber)}
    )
    context = {
        "link": absolute_url(path, base_url=base_url),
        "days": settings.ACCOUNT_VERIFICATION_MAX_AGE.days,
    }
    _send(email, "accounts/email/subscribe_confirm", _with_site(context))


@transaction.atomic
def subscriber_confirm(*, token):
    """Confirm the subscription in `token` (again, after an unsubscription) and return it;
    raise LinkError for an altered or expired link or a deleted subscription."""
    subscriber = _locked(*read_subscribe_confirm_token(token))
    if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscriber


def subscriber_from_link(*, token):
    """The subscription a manage link is for, or LinkError."""
    pk, email = read_subscriber_token(token)
    subscriber = Subscriber.objects.filter(pk=pk, email=email).first()
    if subscriber is None:
        raise LinkError(expired=False)
    return subscriber


@transaction.atomic
def subscriber_update(*, subscriber, frequency, everything, categories, tags, authors):
    """Save the topics and frequency chosen on the manage page; saving also resumes e-mails
    after an unsubscription (the manage link proves the address is the reader's)."""
    subscriber.frequency = frequency
    subscriber.everything = everything
    if subscriber.unsubscribed_at is not None:
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = timezone.now()
    subscriber.full_clean()
    subscriber.save()
    subscriber.categories.set(categories)
    subscriber.tags.set(tags)
    subscriber.authors.set(authors)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token):
    """Stop every e-mail to the subscription in `token`; return it, or None if it was
    deleted. Raise LinkError for an altered link."""
    pk, email = read_subscriber_token(token)
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk, email=email).first()
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscriber_delete(*, subscriber):
    """Delete the subscription and everything recorded about it (digests and articles sent,
    by cascade)."""
    subscriber.delete()


def manage_url(subscriber, *, base_url=None):
    path = reverse("accounts:subscription", kwargs={"token": make_subscriber_token(subscriber)})
    return absolute_url(path, base_url=base_url)


def _locked(pk, email):
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk, email=email).first()
    if subscriber is None:
        raise LinkError(expired=False)
    return subscriber


def _with_site(context):
    return {**context, "site_name": settings.SITE_NAME}


# Sending (module docstring).


def _active():
    return Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def _topics_match(*, category, tags, author):
    """Subscribers whose topics include an article with this category, tags and author."""
    match = Q(everything=True) | Q(categories=category) | Q(tags__in=tags)
    if author:
        match |= Q(authors=author)
    return Subscriber.objects.filter(match).values("pk")


def subscribers_to_tell(article):
    """Confirmed subscribers wanting each article at once whose topics include `article`,
    subscribed since before it was published and not told about it yet."""
    matching = _topics_match(
        category=article.category_id, tags=article.tags.values("pk"), author=article.author_id
    )
    told = SubscriberNotification.objects.filter(subscriber=OuterRef("pk"), article=article)
    return (
        _active()
        .filter(frequency=Subscriber.Frequency.INSTANT, confirmed_at__lte=article.published_at)
        .filter(pk__in=matching)
        .exclude(Exists(told))
        .order_by("pk")
    )


def subscriber_digest_articles(subscriber, *, since, until):
    """Published articles in [since, until), since the subscription was confirmed, in its
    topics, not sent to it yet, oldest first."""
    articles = Article.objects.published(now=until).filter(
        published_at__gte=max(since, subscriber.confirmed_at), published_at__lt=until
    )
    if not subscriber.everything:
        articles = articles.filter(
            pk__in=Article.objects.filter(
                Q(category__in=subscriber.categories.all())
                | Q(tags__in=subscriber.tags.all())
                | Q(author__in=subscriber.authors.all())
            ).values("pk")
        )
    told = SubscriberNotification.objects.filter(subscriber=subscriber, article=OuterRef("pk"))
    return articles.exclude(Exists(told)).select_related("category").order_by("published_at", "pk")


def send_subscriber_notifications(*, outcome, days=7, batch_size=100, now=None):
    """What `send_follow_notifications` does for members, for confirmed subscribers; and
    forget the addresses whose confirmation link has expired unused."""
    now = now or timezone.now()
    Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - settings.ACCOUNT_VERIFICATION_MAX_AGE
    ).delete()
    articles = (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - timedelta(days=days))
        .select_related("category")
        .order_by("published_at", "pk")
    )
    for article in articles:
        _in_batches(subscribers_to_tell(article), batch_size, _send_article, article, outcome)
    for frequency in PERIODS:
        start, end = digest_period(frequency, now)
        due = (
            _active()
            .filter(frequency=frequency, confirmed_at__lt=end)
            .exclude(
                Exists(
                    SubscriberDigest.objects.filter(
                        subscriber=OuterRef("pk"), frequency=frequency, period_start=start
                    )
                )
            )
            .order_by("pk")
        )
        _in_batches(due, batch_size, _send_digest, (frequency, start, end), outcome)
    return outcome


def _in_batches(pending, batch_size, send, what, outcome):
    last_pk = 0
    while batch := list(pending.filter(pk__gt=last_pk)[:batch_size]):
        last_pk = batch[-1].pk
        with get_connection() as connection:
            for subscriber in batch:
                send(connection, outcome, subscriber, what)


def _send_article(connection, outcome, subscriber, article):
    def record():
        SubscriberNotification.objects.create(subscriber=subscriber, article=article)

    def message():
        context = {
            "article": article,
            "article_url": absolute_url(article.get_absolute_url()),
        }
        return _email(subscriber, context, "accounts/email/subscriber_article")

    what = f"article {article.pk}"
    _deliver(connection, outcome, record=record, message=message, what=what, user=subscriber)


def _send_digest(connection, outcome, subscriber, period):
    frequency, start, end = period
    previous = (
        SubscriberDigest.objects.filter(
            subscriber=subscriber, frequency=frequency, period_end__lte=end
        )
        .values_list("period_end", flat=True)
        .first()
    )
    since = max(min(previous or start, start), end - DIGEST_LOOKBACK)
    state = {}

    def record():
        digest = SubscriberDigest.objects.create(
            subscriber=subscriber, frequency=frequency, period_start=start, period_end=end
        )
        state["articles"] = list(subscriber_digest_articles(subscriber, since=since, until=end))
        if state["articles"]:
            SubscriberNotification.objects.bulk_create(
                SubscriberNotification(subscriber=subscriber, article=article, digest=digest)
                for article in state["articles"]
            )
            digest.article_count = len(state["articles"])
            digest.save(update_fields=["article_count"])

    def message():
        if not state["articles"]:
            return None  # a period with nothing new is recorded, and nothing is sent
        context = {
            "frequency": frequency,
            "entries": [(a, absolute_url(a.get_absolute_url())) for a in state["articles"]],
        }
        return _email(subscriber, context, "accounts/email/subscriber_digest")

    _deliver(connection, outcome, record=record, message=message, what="digest", user=subscriber)


def _email(subscriber, context, template):
    token = make_subscriber_token(subscriber)
    unsubscribe_url = absolute_url(
        reverse("accounts:subscriber-unsubscribe", kwargs={"token": token})
    )
    context = _with_site(
        {**context, "unsubscribe_url": unsubscribe_url, "manage_url": manage_url(subscriber)}
    )
    return EmailMessage(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body=render_to_string(f"{template}.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
