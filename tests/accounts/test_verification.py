"""E-mail verification: a GET only asks, a POST confirms; altered and expired links explain
themselves; "resend" sends at most one e-mail per address every three minutes."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from accounts.tokens import VERIFY_SALT, make_verification_token
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import verification_path

pytestmark = pytest.mark.django_db

User = get_user_model()


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

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert len(mailoutbox) == 1
    assert "We sent a new confirmation link" in first.content.decode()
    assert "less than 3 minutes ago" in second.content.decode()

    cache.clear()  # what three minutes do to the cache entry
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


def test_anonymous_resend_answers_the_same_for_unknown_addresses(client, newcomer, mailoutbox):
    url = reverse("accounts:verify-resend")

    known = client.post(url, {"email": "NEW@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert "If <strong>NEW@example.org</strong> belongs" in known.content.decode()
    assert "If <strong>nobody@example.org</strong> belongs" in unknown.content.decode()
    assert [message.to for message in mailoutbox] == [["new@example.org"]]


def test_anonymous_resend_is_limited_per_address(client, newcomer, mailoutbox):
    url = reverse("accounts:verify-resend")
    client.post(url, {"email": "new@example.org"})
    response = client.post(url, {"email": "new@example.org"})

    assert "less than 3 minutes ago" in response.content.decode()
    assert 'value="new@example.org"' in response.content.decode()
    assert len(mailoutbox) == 1


def test_verified_member_gets_no_new_link(client, member, mailoutbox):
    client.force_login(member)
    client.post(reverse("accounts:verify-resend"))
    assert mailoutbox == []
