"""Changing the password, and resetting a forgotten one without revealing who has an account."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.accounts.helpers import links_in, path_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_change_password(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new phrase",
            "new_password2": "a brand new phrase",
        },
        follow=True,
    )

    assert "Your password is changed." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("a brand new phrase")
    assert client.session.get("_auth_user_id") == str(member.pk)


def test_change_password_with_wrong_old_password_shows_error(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "nope", "new_password1": "a brand new phrase", "new_password2": "x"},
    )

    content = response.content.decode()
    assert "Your old password was entered incorrectly" in content
    assert 'class="error-summary"' in content
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_change_password_requires_sign_in(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.url.startswith(reverse("accounts:login"))


def test_reset_form_answers_the_same_whether_or_not_the_address_has_an_account(client, mailoutbox):
    UserFactory(email="ada@example.org")
    url = reverse("accounts:password-reset")

    known = client.post(url, {"email": "ada@example.org"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [message.to for message in mailoutbox] == [["ada@example.org"]]


def test_reset_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="ada@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "ADA@example.org"})
    link = next(path_of(url) for url in links_in(mailoutbox[0]) if "/password/reset/" in url)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "tide comes in slowly", "new_password2": "tide comes in slowly"},
        follow=True,
    )

    assert "Your password is changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("tide comes in slowly")
    # A reset link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_reset_emails_to_one_address_are_limited_without_saying_so(client, mailoutbox, settings):
    """Finding 10: from any number of clients, then the usual answer and nothing sent."""
    UserFactory(email="ada@example.org")
    url = reverse("accounts:password-reset")
    [(limit, _), _] = settings.FOLIO_THROTTLES["password-reset"]["address"]
    for n in range(limit):
        client.post(url, {"email": "ada@example.org"}, REMOTE_ADDR=f"198.51.100.{n}")
    assert len(mailoutbox) == limit

    answered = client.post(url, {"email": "ada@example.org"}, REMOTE_ADDR="203.0.113.8")
    fresh = client.post(url, {"email": "nobody@example.org"}, REMOTE_ADDR="203.0.113.9")

    assert answered.status_code == fresh.status_code == 302
    assert answered.url == fresh.url == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == limit


def test_reset_requests_from_one_client_are_limited_with_429(client, mailoutbox, settings):
    url = reverse("accounts:password-reset")
    [(limit, seconds)] = settings.FOLIO_THROTTLES["password-reset"]["client"]
    for n in range(limit):
        assert client.post(url, {"email": f"m{n}@example.org"}).status_code == 302

    response = client.post(url, {"email": "typed@example.org"})

    content = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= seconds
    assert "Too many attempts to reset passwords from your network just now." in content
    assert 'value="typed@example.org"' in content


def test_the_reset_email_greets_with_nothing_a_stranger_typed(client, mailoutbox):
    """Whoever signed up with the address chose the display name (finding 3)."""
    UserFactory(email="ada@example.org", display_name="Pay at evil dot example")
    client.post(reverse("accounts:password-reset"), {"email": "ada@example.org"})
    assert "evil" not in mailoutbox[0].body
    assert mailoutbox[0].body.startswith("Hello,\n")
