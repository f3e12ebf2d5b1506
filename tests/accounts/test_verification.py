"""E-mail verification: a GET only asks, a POST confirms; altered and expired links explain
themselves; "resend" sends at most one e-mail per address every three minutes and a few a day,
and answers a typed address the same whatever is behind it."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from accounts.tokens import VERIFY_SALT, make_verification_token
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import verification_path

pytestmark = pytest.mark.django_db

User = get_user_model()
START = datetime(2026, 3, 2, 0, 0, 30, tzinfo=UTC)


@pytest.fixture
def newcomer(db):
    return UserFactory(email="new@example.org", email_verified_at=None)


def verify_url(user):
    return reverse("accounts:verify", kwargs={"token": make_verification_token(user)})


def test_get_shows_a_confirm_button_and_changes_nothing(client, newcomer):
    response = client.get(verify_url(newcomer))

    assert response.status_code == 200
    assert "Confirm my e-mail address" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.is_verified


def test_post_confirms_the_address(client, newcomer):
    response = client.post(verify_url(newcomer))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    newcomer.refresh_from_db()
    assert newcomer.is_verified


def test_link_from_the_signup_email_confirms(client, mailoutbox):
    client.post(
        reverse("accounts:signup"),
        {"email": "grace@example.org", "display_name": "Grace", "password": "compilers at dawn"},
    )
    client.post(verification_path(mailoutbox[0]))
    assert User.objects.get(email="grace@example.org").is_verified


def test_altered_link_is_refused_with_a_way_to_resend(client, newcomer):
    token = make_verification_token(newcomer)
    response = client.post(reverse("accounts:verify", kwargs={"token": token[:-2] + "xx"}))

    content = response.content.decode()
    assert response.status_code == 400
    assert "This link does not work" in content
    assert reverse("accounts:verify-resend") in content
    newcomer.refresh_from_db()
    assert not newcomer.is_verified


def test_expired_link_is_refused_and_says_so(client, newcomer, settings):
    class FourDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - timedelta(days=4).total_seconds()))

    token = FourDaysAgo(salt=VERIFY_SALT).sign_object(
        {"user": newcomer.pk, "email": newcomer.email}, serializer=signing.JSONSerializer
    )

    response = client.post(reverse("accounts:verify", kwargs={"token": token}))

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.is_verified


def test_link_for_an_address_the_account_no_longer_has_is_refused(client, newcomer):
    url = verify_url(newcomer)
    newcomer.email = "changed@example.org"
    newcomer.save()

    assert client.post(url).status_code == 400
    newcomer.refresh_from_db()
    assert not newcomer.is_verified


def test_unsubscribe_token_cannot_verify(client, newcomer):
    from accounts.tokens import make_unsubscribe_token

    url = reverse("accounts:verify", kwargs={"token": make_unsubscribe_token(newcomer)})
    assert client.post(url).status_code == 400


def test_center_offers_resend_to_unverified_member(client, newcomer):
    client.force_login(newcomer)
    content = client.get(reverse("accounts:center")).content.decode()
    assert "not confirmed yet" in content
    assert "Send the confirmation link again" in content


def test_resend_sends_one_email_per_address_every_three_minutes(client, newcomer, mailoutbox):
    client.force_login(newcomer)
    url = reverse("accounts:verify-resend")

    with time_machine.travel(START, tick=False):
        first = client.post(url, follow=True)
        second = client.post(url, follow=True)

    assert len(mailoutbox) == 1
    assert "We sent a new confirmation link" in first.content.decode()
    assert "was sent to your address a short while ago" in second.content.decode()

    with time_machine.travel(START + timedelta(minutes=3), tick=False):
        client.post(url)
    assert len(mailoutbox) == 2


def test_signup_email_counts_towards_the_resend_limit(client, mailoutbox):
    client.post(
        reverse("accounts:signup"),
        {"email": "lin@example.org", "display_name": "Lin", "password": "quiet mountain river"},
    )
    client.force_login(User.objects.get(email="lin@example.org"))
    client.post(reverse("accounts:verify-resend"))
    assert len(mailoutbox) == 1


def resend_page(client, email, **extra):
    response = client.post(reverse("accounts:verify-resend"), {"email": email}, **extra)
    return response.status_code, response.content.decode().replace(email, "ADDRESS")


def test_anonymous_resend_answers_the_same_for_unknown_addresses(client, newcomer, mailoutbox):
    url = reverse("accounts:verify-resend")

    known = client.post(url, {"email": "NEW@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert "If <strong>NEW@example.org</strong> belongs" in known.content.decode()
    assert "If <strong>nobody@example.org</strong> belongs" in unknown.content.decode()
    assert [message.to for message in mailoutbox] == [["new@example.org"]]


def test_anonymous_resend_answers_the_same_for_verified_unknown_and_limited(
    client, newcomer, member, mailoutbox
):
    """Finding 5: the rate-limit message used to tell verified addresses from unknown ones."""
    resend_page(client, "new@example.org")
    pages = {
        "rate-limited": resend_page(client, "new@example.org"),
        "verified": resend_page(client, member.email),
        "unknown": resend_page(client, "nobody@example.org"),
    }

    assert len(set(pages.values())) == 1, pages.keys()
    assert pages["unknown"][0] == 200
    assert len(mailoutbox) == 1


def test_resend_stops_for_the_day_after_a_few_emails(client, newcomer, mailoutbox, settings):
    """Finding 3: "resend" used to send again every three minutes for ever."""
    [(_, interval), (daily, _)] = settings.FOLIO_THROTTLES["verification-email"]["address"]
    for n in range(daily + 3):
        moment = START + timedelta(seconds=n * interval)
        with time_machine.travel(moment, tick=False):
            resend_page(client, "new@example.org", REMOTE_ADDR=f"198.51.100.{n}")
    assert len(mailoutbox) == daily

    with time_machine.travel(START + timedelta(days=1), tick=False):
        resend_page(client, "new@example.org")
    assert len(mailoutbox) == daily + 1


def test_resend_from_one_client_is_limited_with_429_and_keeps_the_address(client, settings):
    [(limit, seconds)] = settings.FOLIO_THROTTLES["verify-resend"]["client"]
    for n in range(limit):
        assert resend_page(client, f"m{n}@example.org")[0] == 200

    response = client.post(reverse("accounts:verify-resend"), {"email": "typed@example.org"})

    content = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= seconds
    assert "Too many attempts to send confirmation links from your network" in content
    assert 'value="typed@example.org"' in content


def test_verified_member_gets_no_new_link(client, member, mailoutbox):
    client.force_login(member)
    client.post(reverse("accounts:verify-resend"))
    assert mailoutbox == []
