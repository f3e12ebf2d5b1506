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


def test_the_lockout_page_says_when_to_try_again(client, ada):
    for _ in range(5):
        sign_in(client, "ada", "wrong")
    response = sign_in(client, "ada", "wrong")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)


def test_failed_sign_ins_with_ever_new_names_from_one_client_are_paused(client, ada, settings):
    """The suspected finding: the lockout was per name and address only."""
    [(limit, seconds)] = settings.FOLIO_THROTTLES["sign-in"]["client"]
    for n in range(limit):
        assert sign_in(client, f"guess{n}", "wrong").status_code == 200

    refused = sign_in(client, "ada")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= seconds
    assert "too many failed sign-ins from your network" in refused.content.decode()
    assert signed_in_as(client) is None
    assert sign_in(client, "ada", REMOTE_ADDR="198.51.100.20").status_code == 302


def test_successful_sign_ins_do_not_spend_the_client_budget(client, ada, settings):
    settings.FOLIO_THROTTLES = {**settings.FOLIO_THROTTLES, "sign-in": {"client": [(2, 3_600)]}}
    for _ in range(4):
        assert sign_in(client, "ada").status_code == 302
        client.logout()
    sign_in(client, "nobody", "wrong")
    sign_in(client, "nobody", "wrong")
    assert sign_in(client, "ada").status_code == 429


def test_failed_sign_ins_on_the_whole_site_are_paused(client, ada, settings):
    settings.FOLIO_THROTTLES = {
        **settings.FOLIO_THROTTLES,
        "sign-in": {"client": [(30, 3_600)], "site": [(3, 3_600)]},
    }
    for n in range(3):
        sign_in(client, f"guess{n}", "wrong", REMOTE_ADDR=f"198.51.100.{n}")

    refused = sign_in(client, "ada", REMOTE_ADDR="203.0.113.30")

    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "too many failed sign-ins on the site" in refused.content.decode()
