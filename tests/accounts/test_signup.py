"""Signing up: an unverified account, a verification e-mail, and a form that keeps its input."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.accounts.helpers import verification_path

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD = {"email": "Ada@Example.org", "display_name": "Ada L.", "password": "a long walk by the sea"}


def test_signup_creates_unverified_member_and_sends_signed_link(client, mailoutbox):
    response = client.post(reverse("accounts:signup"), GOOD)

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    user = User.objects.get(email__iexact="ada@example.org")
    assert user.display_name == "Ada L."
    assert not user.is_verified
    assert user.check_password(GOOD["password"])
    assert user.username == "Ada"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert verification_path(mailoutbox[0]).startswith("/account/verify/")


def test_signup_does_not_sign_the_new_member_in(client):
    client.post(reverse("accounts:signup"), GOOD)
    assert "_auth_user_id" not in client.session


def test_signup_with_taken_address_answers_the_same_and_tells_the_owner(client, mailoutbox):
    """Finding 5: the form does not say the address has an account; its owner is e-mailed."""
    UserFactory(email="ada@example.org", display_name="Ada")
    fresh = client.post(reverse("accounts:signup"), {**GOOD, "email": "new@example.org"})

    response = client.post(reverse("accounts:signup"), GOOD)

    assert response.status_code == fresh.status_code == 200
    assert response.content.decode().replace("Ada@example.org", "new@example.org") == (
        fresh.content.decode()
    )
    assert User.objects.filter(email__iexact="ada@example.org").count() == 1
    notice = mailoutbox[-1]
    assert notice.to == ["ada@example.org"]
    assert notice.subject == "Someone tried to sign up on Folio with your address"
    assert "If it was you, sign in here" in notice.body
    assert "http://testserver/account/password/reset/" in notice.body
    for typed in (GOOD["display_name"], GOOD["password"], "Ada L"):
        assert typed not in notice.body + notice.subject


@pytest.mark.parametrize(
    "name",
    [
        "Ada\nClick https://evil.example/login to keep your account",
        "Ada\r\nPS: your account is suspended",
        "Ada\u2028Second line",
        "Ada\u202egnp.exe",
        "Visit evil.example today",
        "www.evil.example",
        "Write to help@evil.example",
        "Ada \uff08evil\uff0eexample\uff09",
    ],
)
def test_display_name_must_be_one_line_without_links(client, mailoutbox, name):
    """Finding 3: a display name is refused with a message, and what was typed is kept."""
    response = client.post(reverse("accounts:signup"), {**GOOD, "display_name": name})

    content = response.content.decode()
    assert response.status_code == 200
    assert "A display name" in content
    assert 'aria-invalid="true"' in content
    assert 'value="Ada@Example.org"' in content
    assert not User.objects.exists()
    assert mailoutbox == []


def test_names_with_dots_and_joiners_are_still_accepted(client):
    for n, name in enumerate(
        ["J.R.R. Tolkien", "Dr. Who", "Zoë O'Neil", "\U0001f469\u200d\U0001f4bb Lin"]
    ):
        client.post(
            reverse("accounts:signup"), {**GOOD, "email": f"m{n}@example.org", "display_name": name}
        )
        assert User.objects.get(email=f"m{n}@example.org").display_name == name


def test_the_verification_email_carries_nothing_the_visitor_typed(client, mailoutbox):
    """Finding 3: the greeting used to be the display name a stranger chose."""
    client.post(reverse("accounts:signup"), {**GOOD, "display_name": "Ada Lovelace"})

    [message] = mailoutbox
    assert "Lovelace" not in message.body + message.subject
    assert message.body.startswith("Hello,\n")


def test_signups_from_one_client_are_limited_with_429_and_keep_the_input(client, settings):
    [(limit, seconds)] = settings.FOLIO_THROTTLES["sign-up"]["client"]
    for n in range(limit):
        response = client.post(reverse("accounts:signup"), {**GOOD, "email": f"m{n}@example.org"})
        assert "Check your inbox" in response.content.decode()

    response = client.post(reverse("accounts:signup"), {**GOOD, "display_name": "Ada Typed"})

    content = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= seconds
    assert "Too many attempts to sign up from your network just now." in content
    assert 'value="Ada Typed"' in content and 'value="Ada@Example.org"' in content
    assert not User.objects.filter(email__iexact="ada@example.org").exists()
    other = client.post(reverse("accounts:signup"), GOOD, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 200


def test_signups_for_one_address_are_limited_without_saying_so(client, mailoutbox, settings):
    """From any number of clients: then the same answer, and nothing is sent."""
    [(limit, _)] = settings.FOLIO_THROTTLES["sign-up"]["address"]
    for n in range(limit):
        client.post(reverse("accounts:signup"), GOOD, REMOTE_ADDR=f"198.51.100.{n}")
    sent = len(mailoutbox)
    assert sent == limit  # the verification link, then notices to the owner

    response = client.post(reverse("accounts:signup"), GOOD, REMOTE_ADDR="203.0.113.50")

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert len(mailoutbox) == sent


def test_signups_on_the_whole_site_are_limited(client, settings):
    settings.FOLIO_THROTTLES = {
        **settings.FOLIO_THROTTLES,
        "sign-up": {"client": [(10, 3_600)], "site": [(2, 3_600)]},
    }
    for n in range(2):
        client.post(
            reverse("accounts:signup"),
            {**GOOD, "email": f"m{n}@example.org"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )

    response = client.post(reverse("accounts:signup"), GOOD, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many attempts to sign up on the site just now." in response.content.decode()


def test_signup_applies_django_password_validators(client):
    response = client.post(reverse("accounts:signup"), {**GOOD, "password": "12345678"})

    content = response.content.decode()
    assert "This password is too common." in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.filter(email__iexact=GOOD["email"]).exists()


def test_signup_refuses_a_password_like_the_email(client):
    response = client.post(
        reverse("accounts:signup"),
        {**GOOD, "email": "seashore@example.org", "password": "seashore"},
    )
    assert "too similar" in response.content.decode()


def test_signup_numbers_the_username_when_the_local_part_is_taken(client):
    UserFactory(username="ada", email="other@example.net")
    client.post(reverse("accounts:signup"), {**GOOD, "email": "ada@example.org"})
    assert User.objects.get(email="ada@example.org").username == "ada2"


def test_signup_form_fields_are_labelled(client):
    content = client.get(reverse("accounts:signup")).content.decode()
    for field in ("email", "display_name", "password"):
        assert f'<label for="id_{field}">' in content
    assert "csrfmiddlewaretoken" in content
