"""Signing in by e-mail or username, signing out by POST only, safe `next`, and throttling."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", email="ada@example.org")


def sign_in(client, identifier, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": identifier, "password": password}, **extra
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("identifier", ["ada", "ada@example.org", "ADA@Example.org"])
def test_sign_in_with_username_or_email_in_any_case(client, ada, identifier):
    response = sign_in(client, identifier)

    assert response.status_code == 302
    assert response.url == reverse("accounts:center")
    assert signed_in_as(client) == str(ada.pk)


def test_wrong_password_shows_error_and_keeps_the_identifier(client, ada):
    response = sign_in(client, "ada@example.org", "wrong")

    content = response.content.decode()
    assert response.status_code == 200
    assert "do not match an account" in content
    assert 'value="ada@example.org"' in content
    assert signed_in_as(client) is None


def test_inactive_account_cannot_sign_in(client):
    UserFactory(username="gone", is_active=False)
    sign_in(client, "gone")
    assert signed_in_as(client) is None


def test_next_inside_the_site_is_followed(client, ada):
    response = client.post(
        reverse("accounts:login") + "?next=/articles/",
        {"username": "ada", "password": PASSWORD, "next": "/articles/"},
    )
    assert response.url == "/articles/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:/\\evil.example", "javascript:x"]
)
def test_next_off_site_is_refused(client, ada, target):
    response = client.post(
        reverse("accounts:login"), {"username": "ada", "password": PASSWORD, "next": target}
    )
    assert response.url == reverse("accounts:center")


def test_sign_out_is_post_only(client, ada):
    client.force_login(ada)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) == str(ada.pk)

    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("blog:home")
    assert signed_in_as(client) is None


def test_header_shows_account_links_by_state(client, ada):
    content = client.get(reverse("blog:home")).content.decode()
    assert "Sign in" in content and "Create account" in content

    client.force_login(ada)
    content = client.get(reverse("blog:home")).content.decode()
    assert "Management Center" in content
    assert f'action="{reverse("accounts:logout")}"' in content
    assert "Create account" not in content


def test_five_failures_lock_the_account_from_that_address(client, ada):
    for _ in range(4):
        assert sign_in(client, "ada", "wrong").status_code == 200

    locked = sign_in(client, "ada", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()

    # Even the right password is refused during the pause.
    assert sign_in(client, "ada").status_code == 429
    assert signed_in_as(client) is None


def test_failures_by_username_and_by_email_count_together(client, ada):
    for identifier in ["ada", "ada@example.org", "ADA@example.org", "ada", "ada@example.org"]:
        sign_in(client, identifier, "wrong")
    assert sign_in(client, "ada").status_code == 429


def test_lockout_is_per_account_and_address_pair(client, ada):
    UserFactory(username="grace")
    for _ in range(5):
        sign_in(client, "ada", "wrong")

    assert sign_in(client, "grace").status_code == 302
    client.logout()
    assert sign_in(client, "ada", REMOTE_ADDR="10.1.2.3").status_code == 302


def test_lockout_releases_after_fifteen_minutes(client, ada):
    for _ in range(5):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert sign_in(client, "ada").status_code == 302
    assert signed_in_as(client) == str(ada.pk)


def test_successful_sign_in_resets_the_count(client, ada):
    for _ in range(4):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada").status_code == 302
    client.logout()

    for _ in range(4):
        assert sign_in(client, "ada", "wrong").status_code == 200
    assert sign_in(client, "ada").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.5"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "", "10.0.0.5"),
    ],
)
def test_failed_sign_ins_are_counted_per_real_client_address(
    settings, proxies, forwarded, expected
):
    """Behind N proxies the client is the Nth address from the right; what it wrote is ignored."""
    from django.test import RequestFactory

    from accounts.backends import client_ip

    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
