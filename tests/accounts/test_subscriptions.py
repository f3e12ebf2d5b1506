"""Subscribing without an account (accounts/subscriptions.py): nothing is sent before the
confirmation button is pressed; confirmed subscribers get each article once, or one digest per
period, with the time injected; a crash mid-run sends nobody twice and skips nobody; every
e-mail carries the manage link and one-click unsubscribe."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import subscriptions
from accounts.notifications import Outcome
from accounts.subscriptions import send_subscriber_notifications
from blog.models import Subscriber, SubscriberDigest, SubscriberNotification
from tests.blog.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

# A Wednesday; the day before is Tuesday 10 March.
NOW = datetime(2026, 3, 11, 6, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=60)


def subscriber(email="reader@example.org", *, confirmed_at=LONG_AGO, **fields):
    return Subscriber.objects.create(email=email, confirmed_at=confirmed_at, **fields)


def send(now=NOW):
    return send_subscriber_notifications(outcome=Outcome(), now=now)


def link_in(message, name):
    """The first address in `message` whose path is under the URL named `name`."""
    prefix = reverse(name, kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    return re.search(rf"http\S*{re.escape(prefix)}[^\s/]+/(?:unsubscribe/)?", message.body)[0]


def test_nothing_is_sent_before_the_confirmation_button_is_pressed(client, mailoutbox):
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        client.post(reverse("accounts:subscribe"), {"email": "Reader@Example.org"})
    confirmation = mailoutbox[0]
    assert confirmation.to == ["reader@example.org"]
    confirm_url = re.search(r"http\S+/subscribe/confirm/\S+/", confirmation.body)[0]
    ArticleFactory(published_at=NOW - timedelta(days=1, hours=12), title="While unconfirmed")

    # Opening the link (a mail scanner does) shows a button and confirms nothing.
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        page = client.get(confirm_url)
    assert "Confirm my subscription" in page.content.decode()
    send(now=NOW - timedelta(hours=23))
    assert len(mailoutbox) == 1
    assert Subscriber.objects.get().confirmed_at is None

    with time_machine.travel(NOW - timedelta(hours=22), tick=False):
        confirmed = client.post(confirm_url)
    assert confirmed.status_code == 302
    assert "is subscribed" in client.get(confirmed["Location"]).content.decode()
    # An article from before the confirmation is not sent; one published after it is.
    ArticleFactory(published_at=NOW - timedelta(hours=1), title="After confirming")
    send()
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject.endswith(": After confirming")


def test_each_article_is_sent_once_with_manage_link_and_one_click_unsubscribe(mailoutbox):
    reader = subscriber()
    article = ArticleFactory(published_at=NOW - timedelta(hours=1), title="On sleep")

    send()
    send(now=NOW + timedelta(minutes=10))

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [reader.email]
    assert message.subject == f"New in {article.category.name}: On sleep"
    unsubscribe = link_in(message, "accounts:subscriber-unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    manage = link_in(message, "accounts:subscription")
    assert Client().get(manage).status_code == 200
    assert SubscriberNotification.objects.filter(subscriber=reader, article=article).count() == 1


def test_chosen_topics_limit_what_a_subscriber_gets(mailoutbox):
    sleep, diet = CategoryFactory(name="Sleep"), CategoryFactory(name="Diet")
    reader = subscriber(everything=False)
    reader.categories.set([sleep])
    ArticleFactory(published_at=NOW - timedelta(hours=2), category=sleep, title="Naps")
    ArticleFactory(published_at=NOW - timedelta(hours=1), category=diet, title="Salt")

    send()

    assert [m.subject for m in mailoutbox] == ["New in Sleep: Naps"]


def test_unconfirmed_and_unsubscribed_subscribers_get_nothing(mailoutbox):
    subscriber("pending@example.org", confirmed_at=None)
    subscriber("gone@example.org", unsubscribed_at=NOW - timedelta(days=1))
    ArticleFactory(published_at=NOW - timedelta(hours=1))

    send()

    assert mailoutbox == []


def test_a_daily_digest_goes_once_per_day_from_the_command(mailoutbox):
    reader = subscriber(frequency="daily")
    ArticleFactory(published_at=datetime(2026, 3, 10, 8, tzinfo=UTC), title="Morning")
    ArticleFactory(published_at=datetime(2026, 3, 10, 20, tzinfo=UTC), title="Evening")

    with time_machine.travel(NOW, tick=False):
        call_command("send_notifications", stdout=None)
        call_command("send_notifications", stdout=None)

    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [reader.email]
    assert digest.body.index("Morning") < digest.body.index("Evening")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SubscriberDigest.objects.get().article_count == 2

    # The next day's run sends the next day's articles only.
    ArticleFactory(published_at=datetime(2026, 3, 11, 9, tzinfo=UTC), title="Next day")
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        call_command("send_notifications", stdout=None)
    assert len(mailoutbox) == 2
    assert "Next day" in mailoutbox[1].body and "Morning" not in mailoutbox[1].body


def test_a_crash_mid_run_sends_no_subscriber_twice_and_skips_none(mailoutbox, monkeypatch):
    for n in range(3):
        subscriber(f"s{n}@example.org", frequency="daily")
    ArticleFactory(published_at=datetime(2026, 3, 10, 8, tzinfo=UTC))
    real = subscriptions._email
    calls = []

    def dies_on_the_second(subscriber, context, template):
        calls.append(subscriber.pk)
        if len(calls) == 2:
            raise SystemExit("killed")  # not an Exception: the whole run stops here
        return real(subscriber, context, template)

    monkeypatch.setattr(subscriptions, "_email", dies_on_the_second)
    with pytest.raises(SystemExit):
        send()
    assert [m.to[0] for m in mailoutbox] == ["s0@example.org"]
    assert list(SubscriberDigest.objects.values_list("subscriber__email", flat=True)) == [
        "s0@example.org"
    ]

    monkeypatch.setattr(subscriptions, "_email", real)
    send(now=NOW + timedelta(minutes=10))

    assert sorted(m.to[0] for m in mailoutbox) == [
        "s0@example.org",
        "s1@example.org",
        "s2@example.org",
    ]


def test_a_refused_address_is_logged_and_tried_again_on_the_next_run(settings, mailoutbox, caplog):
    subscriber("bounce@example.org")
    subscriber("fine@example.org")
    ArticleFactory(published_at=NOW - timedelta(hours=1))
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.RefusingBackend"

    outcome = send()

    assert (outcome.sent, outcome.failed) == (1, 1)
    assert [m.to for m in mailoutbox] == [["fine@example.org"]]
    assert "Could not e-mail subscriber" in caplog.text
    assert not SubscriberNotification.objects.filter(subscriber__email="bounce@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send(now=NOW + timedelta(minutes=10)).sent == 1


def test_an_address_never_confirmed_is_forgotten_once_its_link_has_expired(settings):
    with time_machine.travel(NOW - settings.ACCOUNT_VERIFICATION_MAX_AGE - timedelta(hours=1)):
        Subscriber.objects.create(email="stale@example.org")
    with time_machine.travel(NOW - timedelta(hours=1)):
        Subscriber.objects.create(email="recent@example.org")
    subscriber("confirmed@example.org")

    send()

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "recent@example.org",
    ]
