"""The subscription pages (accounts/subscription_views.py): the form on the home page and
article pages without JavaScript, the same answer whatever the address, the budgets, the
manage page behind a tamper-proof link, one-click unsubscribe, deletion, and the editors'
admin with its CSV export."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import SUBSCRIBER_SALT, make_subscribe_confirm_token, make_subscriber_token
from blog.models import Subscriber, SubscriberDigest, SubscriberNotification
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/account/subscribe/"


def confirmed(email="reader@example.org", **fields):
    return Subscriber.objects.create(email=email, confirmed_at=timezone.now(), **fields)


def manage(subscriber):
    return reverse("accounts:subscription", kwargs={"token": make_subscriber_token(subscriber)})


def test_the_home_page_and_article_pages_have_a_form_that_works_without_javascript(client):
    article = ArticleFactory()
    for url in (reverse("blog:home"), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'<form method="post" action="{SUBSCRIBE}"' in html, url
        assert '<label for="subscribe-email">Your e-mail address</label>' in html
        assert 'type="email" name="email" id="subscribe-email"' in html
    assert reverse("accounts:subscribe") == SUBSCRIBE


def test_the_answer_is_the_same_for_a_new_a_subscribed_and_a_members_address(mailoutbox):
    member = UserFactory(email="member@example.org")
    confirmed("subscribed@example.org")
    pages = {}
    for email in ("new@example.org", "subscribed@example.org", member.email):
        response = Client().post(SUBSCRIBE, {"email": email})
        assert response.status_code == 200
        pages[email] = response.content.decode().replace(email, "ADDRESS")
    assert len(set(pages.values())) == 1
    assert "Check your inbox" in pages["new@example.org"]
    sent = {m.to[0]: m.subject for m in mailoutbox}
    assert sent == {
        "new@example.org": "Confirm your subscription to Folio",
        "subscribed@example.org": "Your subscription to Folio",
        "member@example.org": "Confirm your subscription to Folio",
    }
    # No account is created, and the member's account is untouched.
    assert not type(member).objects.filter(email="new@example.org").exists()
    assert Subscriber.objects.get(email="member@example.org").confirmed_at is None


def test_a_second_request_for_one_address_sends_nothing_more_for_minutes(mailoutbox):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = Client().post(SUBSCRIBE, {"email": "reader@example.org"})
        again = Client().post(SUBSCRIBE, {"email": "reader@example.org"})
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert len(mailoutbox) == 1
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        Client().post(SUBSCRIBE, {"email": "reader@example.org"})
    assert len(mailoutbox) == 2


def test_over_the_client_budget_the_form_answers_429_and_keeps_the_address(client, mailoutbox):
    for n in range(10):
        assert client.post(SUBSCRIBE, {"email": f"r{n}@example.org"}).status_code == 200
    refused = client.post(SUBSCRIBE, {"email": "eleventh@example.org"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "Too many attempts to subscribe from your network" in html
    assert 'value="eleventh@example.org"' in html
    assert len(mailoutbox) == 10


def test_over_the_site_budget_everyone_gets_429(settings, mailoutbox):
    settings.FOLIO_THROTTLES = {
        **settings.FOLIO_THROTTLES,
        "subscribe": {"client": [(10, 3600)], "site": [(2, 3600)]},
    }
    for n in range(2):
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(SUBSCRIBE, {"email": f"r{n}@example.org"})
    refused = Client(REMOTE_ADDR="198.51.100.7").post(SUBSCRIBE, {"email": "x@example.org"})
    assert refused.status_code == 429
    assert "Too many attempts to subscribe on the site" in refused.content.decode()


def test_an_invalid_address_is_refused_with_its_error_and_kept(client, mailoutbox):
    response = client.post(SUBSCRIBE, {"email": "not an address"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html
    assert 'value="not an address"' in html
    assert mailoutbox == [] and not Subscriber.objects.exists()


def test_an_expired_confirmation_link_says_so(client):
    subscriber = Subscriber.objects.create(email="late@example.org")
    token = make_subscribe_confirm_token(subscriber)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        response = client.post(reverse("accounts:subscribe-confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert "The link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_the_manage_link_is_tamper_proof(client):
    mine, theirs = confirmed("mine@example.org"), confirmed("theirs@example.org")
    token = make_subscriber_token(mine)
    value, signature = token.rsplit(":", 1)
    forged_payload = signing.dumps(
        {"subscriber": theirs.pk, "email": theirs.email}, salt=SUBSCRIBER_SALT
    ).rsplit(":", 1)[0]
    confirm_token = make_subscribe_confirm_token(mine)  # another kind of link
    for bad in (f"{value}:{signature[::-1]}", f"{forged_payload}:{signature}", confirm_token):
        url = reverse("accounts:subscription", kwargs={"token": bad})
        assert client.get(url).status_code == 400, bad
        assert client.post(url, {"action": "delete"}).status_code == 400
    assert Subscriber.objects.count() == 2
    assert theirs.email not in client.get(manage(mine)).content.decode()


def test_choosing_topics_and_frequency_on_the_manage_page(client):
    subscriber = confirmed()
    sleep, pain = CategoryFactory(name="Sleep"), TagFactory(name="pain")
    ArticleFactory(category=sleep)
    url = manage(subscriber)

    refused = client.post(url, {"frequency": "weekly"})  # neither everything nor a topic
    assert "Choose at least one category, tag or author" in refused.content.decode()

    saved = client.post(url, {"frequency": "weekly", "categories": [sleep.pk], "tags": [pain.pk]})
    assert saved.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly" and not subscriber.everything
    assert list(subscriber.categories.all()) == [sleep]
    assert list(subscriber.tags.all()) == [pain]
    assert "Your choices are saved." in client.get(url).content.decode()


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_sign_in(mailoutbox):
    subscriber = confirmed()
    token = make_subscriber_token(subscriber)
    url = reverse("accounts:subscriber-unsubscribe", kwargs={"token": token})
    mail_client = Client(enforce_csrf_checks=True)

    assert "Stop e-mails about new articles?" in mail_client.get(url).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None  # opening the link changes nothing

    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    ArticleFactory()
    from accounts.notifications import Outcome
    from accounts.subscriptions import send_subscriber_notifications

    send_subscriber_notifications(outcome=Outcome())
    assert mailoutbox == []


def test_unsubscribing_from_the_manage_page_and_subscribing_again(client):
    subscriber = confirmed()
    url = manage(subscriber)
    client.post(url, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert "Save and subscribe again" in client.get(url).content.decode()
    client.post(url, {"frequency": "daily", "everything": "on"})
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None and subscriber.frequency == "daily"


def test_deleting_the_subscription_deletes_its_row_and_sending_records(client):
    subscriber = confirmed()
    article = ArticleFactory()
    digest = SubscriberDigest.objects.create(
        subscriber=subscriber,
        frequency="daily",
        period_start=timezone.now() - timedelta(days=1),
        period_end=timezone.now(),
    )
    SubscriberNotification.objects.create(subscriber=subscriber, article=article, digest=digest)
    url = manage(subscriber)

    response = client.post(url, {"action": "delete"})

    assert "Your subscription is deleted" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not SubscriberDigest.objects.exists()
    assert not SubscriberNotification.objects.exists()
    assert client.get(url).status_code == 400  # its links die with it


def test_editors_see_counts_and_export_csv_and_authors_cannot(editor, author):
    confirmed("a@example.org", frequency="daily")
    confirmed("=HYPERLINK(1)@example.org")
    Subscriber.objects.create(email="pending@example.org")
    client = Client()
    client.force_login(editor)
    changelist = reverse("admin:blog_subscriber_changelist")

    html = client.get(changelist + "?state=confirmed").content.decode()
    assert "a@example.org" in html and "pending@example.org" not in html
    assert re.search(r"Confirmed\s*\(2\)", html), "no count beside the filter"

    ids = list(Subscriber.objects.values_list("pk", flat=True))
    export = client.post(changelist, {"action": "export_csv", "_selected_action": ids, "index": 0})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = export.content.decode().splitlines()
    assert rows[0].startswith("e-mail,frequency")
    assert len(rows) == 4
    assert any(row.startswith("'=HYPERLINK(1)@example.org") for row in rows)

    client.force_login(author)
    assert client.get(changelist).status_code == 403
    refused = client.post(changelist, {"action": "export_csv", "_selected_action": ids})
    assert refused.status_code == 403


def test_download_my_data_and_delete_my_account_cover_a_subscription_at_the_members_address(
    client,
):
    member = UserFactory(email="member@example.org")
    subscriber = confirmed("member@example.org", frequency="weekly")
    SubscriberNotification.objects.create(
        subscriber=subscriber, article=ArticleFactory(title="Told")
    )
    confirmed("someone-else@example.org")
    client.force_login(member)

    data = client.get(reverse("accounts:export")).json()
    assert data["subscription"]["frequency"] == "weekly"
    assert [item["article"] for item in data["subscription"]["articles_sent"]] == ["Told"]

    response = client.post(reverse("accounts:delete"), {"password": "correct horse battery staple"})
    assert response.status_code == 302
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["someone-else@example.org"]
    assert not SubscriberNotification.objects.exists()


def test_the_manage_page_query_count_does_not_grow_with_topics(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    subscriber = confirmed(everything=False)
    url = manage(subscriber)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_topics(count):
        categories = [CategoryFactory() for _ in range(count)]
        tags = [TagFactory() for _ in range(count)]
        for category in categories:
            ArticleFactory(category=category, tags=tags, author=UserFactory())
        subscriber.categories.add(*categories)
        subscriber.tags.add(*tags)

    add_topics(1)
    client.get(url)  # the session and the content version settle on the first request
    few = queries()
    add_topics(10)
    client.get(url)  # the header's cached fragments are made again after a write
    # The subscriber, each list's choices and what is ticked, and the site's own (header,
    # content version): 11, with 1 topic per list or 11.
    many = queries()
    assert (few, many) == (11, 11)
