"""`manage.py send_notifications`: once per follower per article, never drafts or future
articles, resilient to a bad address, with a one-click unsubscribe link (RFC 8058)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import make_unsubscribe_token
from blog.models import Follow, FollowNotification
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import links_in, path_of
from tests.blog.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def run():
    out, err = StringIO(), StringIO()
    call_command("send_notifications", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def follow(user, category, *, days_ago=30):
    record = Follow.objects.create(user=user, category=category)
    Follow.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def topic(db):
    return CategoryFactory(name="Sleep", slug="sleep")


@pytest.fixture
def followers(topic):
    users = [UserFactory(email=f"reader{n}@example.org") for n in range(3)]
    for user in users:
        follow(user, topic)
    return users


def test_each_follower_gets_one_email_per_new_article(followers, topic, mailoutbox, settings):
    first = ArticleFactory(title="Dreams and pain", category=topic)
    ArticleFactory(title="Naps", category=topic)
    ArticleFactory(title="Elsewhere")  # another category: nobody follows it

    out, _ = run()

    assert "Sent 6 notification e-mail(s)." in out
    assert sorted(m.to[0] for m in mailoutbox) == sorted([user.email for user in followers] * 2)
    message = next(m for m in mailoutbox if "Dreams and pain" in m.subject)
    assert message.subject == "New in Sleep: Dreams and pain"
    assert f"{settings.SITE_URL}{first.get_absolute_url()}" in message.body


def test_a_second_run_sends_nothing_new(followers, topic, mailoutbox):
    ArticleFactory(category=topic)
    run()
    out, _ = run()

    assert "Sent 0 notification e-mail(s)." in out
    assert len(mailoutbox) == 3
    assert FollowNotification.objects.count() == 3


def test_drafts_review_and_future_articles_are_never_announced(followers, topic, mailoutbox):
    ArticleFactory(category=topic, draft=True)
    ArticleFactory(category=topic, status="review", published_at=None)
    scheduled = ArticleFactory(category=topic, scheduled=True)

    out, _ = run()
    assert "Sent 0" in out
    assert mailoutbox == []

    # Once the scheduled time has come, it is announced.
    type(scheduled).objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    run()
    assert len(mailoutbox) == 3


def test_only_articles_published_after_following_are_announced(topic, mailoutbox):
    ArticleFactory(category=topic, published_at=timezone.now() - timedelta(days=2))
    late = UserFactory()
    follow(late, topic, days_ago=1)

    run()
    assert mailoutbox == []


def test_unverified_inactive_and_opted_out_members_get_nothing(topic, mailoutbox):
    for user in (
        UserFactory(email_verified_at=None),
        UserFactory(is_active=False),
        UserFactory(notify_on_follow=False),
    ):
        follow(user, topic)
    ArticleFactory(category=topic)

    run()
    assert mailoutbox == []


def test_one_bad_address_does_not_stop_the_batch(followers, topic, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.RefusingBackend"
    bad = UserFactory(email="bounce@example.org")
    follow(bad, topic)
    ArticleFactory(category=topic)

    out, err = run()

    assert "Sent 3 notification e-mail(s)." in out
    assert "1 e-mail(s) could not be sent" in err
    assert sorted(m.to[0] for m in mailoutbox) == sorted(user.email for user in followers)
    assert not FollowNotification.objects.filter(user=bad).exists()


def test_batches_cover_every_follower(topic, mailoutbox):
    for n in range(5):
        follow(UserFactory(email=f"batch{n}@example.org"), topic)
    ArticleFactory(category=topic)

    call_command("send_notifications", "--batch-size=2", stdout=StringIO())
    assert len(mailoutbox) == 5


def test_email_has_unsubscribe_link_and_one_click_headers(followers, topic, mailoutbox, settings):
    ArticleFactory(category=topic)
    run()
    message = mailoutbox[0]

    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{settings.SITE_URL}/account/unsubscribe/")
    assert header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in links_in(message)


def test_unsubscribe_get_asks_and_changes_nothing(client, member):
    url = reverse("accounts:unsubscribe", kwargs={"token": make_unsubscribe_token(member)})
    response = client.get(url)

    assert (
        "Stop e-mails about new articles from the topics and authors you follow?"
        in response.content.decode()
    )
    member.refresh_from_db()
    assert member.notify_on_follow is True


def test_one_click_unsubscribe_works_without_sign_in_or_csrf_token(member, followers, topic):
    ArticleFactory(category=topic)
    strict = Client(enforce_csrf_checks=True)
    url = reverse("accounts:unsubscribe", kwargs={"token": make_unsubscribe_token(member)})

    response = strict.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    member.refresh_from_db()
    assert member.notify_on_follow is False


def test_unsubscribed_follower_gets_no_more_emails(client, followers, topic, mailoutbox):
    ArticleFactory(category=topic)
    run()
    unsubscribe = next(path_of(url) for url in links_in(mailoutbox[0]) if "/unsubscribe/" in url)
    client.post(unsubscribe)
    ArticleFactory(category=topic)
    out, _ = run()

    assert "Sent 2 notification e-mail(s)." in out


def test_altered_unsubscribe_link_is_refused(client, member):
    token = make_unsubscribe_token(member)
    url = reverse("accounts:unsubscribe", kwargs={"token": token[:-3] + "abc"})

    response = client.post(url)

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    member.refresh_from_db()
    assert member.notify_on_follow is True


def test_other_csrf_protected_forms_still_need_the_token(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(reverse("accounts:follows"), {}).status_code == 403
