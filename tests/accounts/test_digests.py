"""Following tags and authors, and the daily and weekly digests: one e-mail per period listing
every new article from everything followed, each once; the sending is idempotent with the time
injected, and a crash mid-run sends nobody twice and skips nobody."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from accounts import notifications
from accounts.notifications import digest_period, send_follow_notifications
from blog.models import Digest, Follow, FollowNotification
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

# A Wednesday; the week before ran from Monday 2 March to Monday 9 March.
NOW = datetime(2026, 3, 11, 6, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=60)


def follow(user, **target):
    record = Follow.objects.create(user=user, **target)
    Follow.objects.filter(pk=record.pk).update(created_at=LONG_AGO)
    return record


def published(at, **fields):
    return ArticleFactory(published_at=at, **fields)


@pytest.fixture
def sleep(db):
    return CategoryFactory(name="Sleep", slug="sleep")


@pytest.fixture
def pain(db):
    return TagFactory(name="pain", slug="pain")


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", display_name="Dr Writer", is_staff=True)


def test_digest_periods_are_yesterday_and_last_week():
    assert digest_period("daily", NOW) == (
        datetime(2026, 3, 10, tzinfo=UTC),
        datetime(2026, 3, 11, tzinfo=UTC),
    )
    assert digest_period("weekly", NOW) == (
        datetime(2026, 3, 2, tzinfo=UTC),
        datetime(2026, 3, 9, tzinfo=UTC),
    )


def test_following_a_tag_or_an_author_sends_each_new_article(sleep, pain, writer, mailoutbox):
    tagged_reader, author_reader = UserFactory(), UserFactory()
    follow(tagged_reader, tag=pain)
    follow(author_reader, author=writer)
    tagged = published(NOW - timedelta(hours=2), tags=[pain], title="On pain")
    by_writer = published(NOW - timedelta(hours=1), author=writer, title="By the writer")

    send_follow_notifications(now=NOW)

    sent = sorted((message.to[0], message.subject) for message in mailoutbox)
    assert sent == sorted(
        [
            (tagged_reader.email, f"New in {tagged.category.name}: On pain"),
            (author_reader.email, f"New in {by_writer.category.name}: By the writer"),
        ]
    )
    about_writer = next(m for m in mailoutbox if m.to == [author_reader.email])
    assert "because you follow Dr Writer" in about_writer.body


def test_an_article_matching_several_follows_is_sent_once(sleep, pain, writer, mailoutbox):
    reader = UserFactory()
    for target in ({"category": sleep}, {"tag": pain}, {"author": writer}):
        follow(reader, **target)
    published(NOW - timedelta(hours=1), category=sleep, tags=[pain], author=writer)

    send_follow_notifications(now=NOW)
    send_follow_notifications(now=NOW + timedelta(minutes=10))

    [message] = mailoutbox
    assert "because you follow Dr Writer, Sleep, pain" in message.body


def test_an_author_is_not_told_about_their_own_article(writer, sleep, mailoutbox):
    follow(writer, category=sleep)
    published(NOW - timedelta(hours=1), category=sleep, author=writer)
    send_follow_notifications(now=NOW)
    assert mailoutbox == []


def test_daily_digest_lists_every_new_article_once_in_one_email(
    sleep, pain, writer, mailoutbox, settings
):
    reader = UserFactory(follow_frequency="daily")
    for target in ({"category": sleep}, {"tag": pain}, {"author": writer}):
        follow(reader, **target)
    first = published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep, tags=[pain])
    second = published(datetime(2026, 3, 10, 20, tzinfo=UTC), author=writer, title="Second")
    published(datetime(2026, 3, 9, 20, tzinfo=UTC), category=sleep)  # the day before
    published(datetime(2026, 3, 11, 1, tzinfo=UTC), category=sleep)  # today: tomorrow's

    outcome = send_follow_notifications(now=NOW)

    assert outcome.sent == 1
    [digest] = mailoutbox
    assert digest.to == [reader.email]
    assert digest.subject == "Your daily digest from Folio: 2 new articles"
    assert digest.body.count(f"{settings.SITE_URL}{first.get_absolute_url()}") == 1
    assert f"{settings.SITE_URL}{second.get_absolute_url()}" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stored = Digest.objects.get(user=reader)
    assert (stored.frequency, stored.article_count) == ("daily", 2)
    assert set(
        FollowNotification.objects.filter(digest=stored).values_list("article", flat=True)
    ) == {
        first.pk,
        second.pk,
    }


def test_digest_is_idempotent_within_the_period(sleep, mailoutbox):
    reader = UserFactory(follow_frequency="daily")
    follow(reader, category=sleep)
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep)

    for minutes in (0, 5, 10, 600):
        send_follow_notifications(now=NOW + timedelta(minutes=minutes))

    assert len(mailoutbox) == 1
    assert Digest.objects.count() == 1


def test_next_days_digest_lists_only_what_is_new(sleep, mailoutbox):
    reader = UserFactory(follow_frequency="daily")
    follow(reader, category=sleep)
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep, title="Tuesday")
    send_follow_notifications(now=NOW)
    published(datetime(2026, 3, 11, 8, tzinfo=UTC), category=sleep, title="Wednesday")

    send_follow_notifications(now=NOW + timedelta(days=1))

    assert len(mailoutbox) == 2
    assert "Wednesday" in mailoutbox[1].body and "Tuesday" not in mailoutbox[1].body


def test_weekly_digest_covers_last_week(sleep, mailoutbox):
    reader = UserFactory(follow_frequency="weekly")
    follow(reader, category=sleep)
    published(datetime(2026, 3, 3, 8, tzinfo=UTC), category=sleep, title="Tuesday last week")
    published(datetime(2026, 3, 8, 8, tzinfo=UTC), category=sleep, title="Sunday last week")
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep, title="This week")

    send_follow_notifications(now=NOW)

    [digest] = mailoutbox
    assert digest.subject == "Your weekly digest from Folio: 2 new articles"
    assert "Tuesday last week" in digest.body and "Sunday last week" in digest.body
    assert "This week" not in digest.body


def test_a_period_with_nothing_new_sends_nothing_and_is_not_looked_at_again(
    sleep, mailoutbox, django_assert_max_num_queries
):
    reader = UserFactory(follow_frequency="daily")
    follow(reader, category=sleep)

    send_follow_notifications(now=NOW)

    assert mailoutbox == []
    assert Digest.objects.get(user=reader).article_count == 0


def test_digest_members_get_no_instant_email(sleep, mailoutbox):
    follow(UserFactory(follow_frequency="weekly"), category=sleep)
    published(NOW - timedelta(minutes=30), category=sleep)
    send_follow_notifications(now=NOW)
    assert mailoutbox == []


def test_a_crash_mid_run_sends_nobody_twice_and_skips_nobody(sleep, mailoutbox, monkeypatch):
    readers = [UserFactory(email=f"d{n}@example.org", follow_frequency="daily") for n in range(3)]
    for reader in readers:
        follow(reader, category=sleep)
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep)
    real = notifications._digest_message
    calls = []

    def dies_on_the_second(user, frequency, articles):
        calls.append(user.pk)
        if len(calls) == 2:
            raise SystemExit("killed")  # not an Exception: the whole run stops here
        return real(user, frequency, articles)

    monkeypatch.setattr(notifications, "_digest_message", dies_on_the_second)
    with pytest.raises(SystemExit):
        send_follow_notifications(now=NOW)
    assert [message.to[0] for message in mailoutbox] == ["d0@example.org"]
    assert list(Digest.objects.values_list("user__email", flat=True)) == ["d0@example.org"]

    monkeypatch.setattr(notifications, "_digest_message", real)
    send_follow_notifications(now=NOW + timedelta(minutes=10))

    assert sorted(message.to[0] for message in mailoutbox) == [
        "d0@example.org",
        "d1@example.org",
        "d2@example.org",
    ]


def test_a_refused_digest_is_tried_again_on_the_next_run(sleep, mailoutbox, settings):
    reader = UserFactory(email="bounce@example.org", follow_frequency="daily")
    follow(reader, category=sleep)
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep)
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.RefusingBackend"

    outcome = send_follow_notifications(now=NOW)

    assert (outcome.sent, outcome.failed) == (0, 1)
    assert not Digest.objects.exists() and not FollowNotification.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_follow_notifications(now=NOW + timedelta(minutes=10)).sent == 1


def test_digest_query_count_does_not_grow_with_articles(sleep, pain, django_assert_max_num_queries):
    reader = UserFactory(follow_frequency="daily")
    follow(reader, category=sleep)
    follow(reader, tag=pain)
    for hour in range(8):
        published(datetime(2026, 3, 10, hour, tzinfo=UTC), category=sleep, tags=[pain])
    connection.ensure_connection()
    # days=0 leaves out the e-mails sent at once (one query per recently published article).
    # Per member: the previous digest, two savepoints and their releases, the digest row, its
    # articles, their notices and the count (9); per run: the recent articles and, per
    # frequency, the members due and the end of the list (4). Eight articles or one, the same.
    with django_assert_max_num_queries(13):
        assert send_follow_notifications(now=NOW, days=0).sent == 1


def test_download_my_data_and_delete_my_account_cover_follows_and_digests(
    client, sleep, pain, writer
):
    from django.urls import reverse

    reader = UserFactory(follow_frequency="daily")
    for target in ({"category": sleep}, {"tag": pain}, {"author": writer}):
        follow(reader, **target)
    follow(UserFactory(), author=reader)  # someone following the reader
    published(datetime(2026, 3, 10, 8, tzinfo=UTC), category=sleep, title="Tuesday")
    send_follow_notifications(now=NOW)
    client.force_login(reader)

    data = client.get(reverse("accounts:export")).json()

    assert {(item["kind"], item["name"]) for item in data["follows"]} == {
        ("category", "Sleep"),
        ("tag", "pain"),
        ("author", "Dr Writer"),
    }
    assert data["profile"]["email_preferences"]["follow_frequency"] == "daily"
    assert [digest["articles"] for digest in data["digests_sent"]] == [1]
    assert data["topic_emails_sent"][0]["in_digest"] is True

    client.post(reverse("accounts:delete"), {"password": "correct horse battery staple"})

    assert not Follow.objects.filter(user=reader).exists()
    assert not Follow.objects.filter(author_id=reader.pk).exists()
    assert not Digest.objects.exists() and not FollowNotification.objects.exists()
