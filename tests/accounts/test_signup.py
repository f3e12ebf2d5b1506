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


def test_signup_with_taken_address_any_case_is_refused_and_keeps_input(client, mailoutbox):
    UserFactory(email="ada@example.org")

    response = client.post(reverse("accounts:signup"), GOOD)

    content = response.content.decode()
    assert response.status_code == 200
    assert "An account with this e-mail address already exists" in content
    assert 'value="Ada L."' in content
    assert 'class="error-summary"' in content
    assert User.objects.filter(email__iexact="ada@example.org").count() == 1
    assert mailoutbox == []


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
