"""Change of e-mail address: asked with the password, made only from the link sent to the new
address within its time, told to the old address with a link that calls it off (or undoes
it), on a budget; sign-in, e-mails and "Download my data" follow the new address."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.tokens import make_email_change_token
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import links_in, path_of

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "correct horse battery staple"
START = datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", email="ada@old.example")


def ask(client, user, new_email, password=PASSWORD):
    client.force_login(user)
    return client.post(
        reverse("accounts:email-change"), {"new_email": new_email, "password": password}
    )


def link(message, part):
    return next(path_of(url) for url in links_in(message) if part in url)


def to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def test_asking_changes_nothing_yet_and_mails_both_addresses(client, ada, mailoutbox):
    response = ask(client, ada, "ada@new.example")

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.email == "ada@old.example"
    assert ada.pending_email == "ada@new.example"
    [confirm] = to(mailoutbox, "ada@new.example")
    assert "/account/email/confirm/" in confirm.body
    [notice] = to(mailoutbox, "ada@old.example")
    assert "ada@new.example" in notice.body and "/account/email/cancel/" in notice.body
    center = client.get(reverse("accounts:center")).content.decode()
    assert "We sent a link to ada@new.example" in center
    assert "Waiting for you to open the link we sent to ada@new.example" in center


def test_confirming_from_the_new_inbox_changes_the_address(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    confirm = link(to(mailoutbox, "ada@new.example")[0], "/confirm/")

    assert "Use this address" in client.get(confirm).content.decode()
    ada.refresh_from_db()
    assert ada.email == "ada@old.example", "a GET (a mail scanner) changes nothing"
    response = client.post(confirm, follow=True)

    ada.refresh_from_db()
    assert ada.email == "ada@new.example"
    assert ada.pending_email == ""
    assert ada.is_verified
    assert "your address is now ada@new.example" in response.content.decode()


def test_sign_in_follows_the_new_address(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    client.post(link(to(mailoutbox, "ada@new.example")[0], "/confirm/"))
    client.logout()

    old = client.post(
        reverse("accounts:login"), {"username": "ada@old.example", "password": PASSWORD}
    )
    assert old.status_code == 200, "the old address no longer signs in"
    new = client.post(
        reverse("accounts:login"), {"username": "ada@new.example", "password": PASSWORD}
    )
    assert new.status_code == 302


def test_download_my_data_shows_the_new_address(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    client.post(link(to(mailoutbox, "ada@new.example")[0], "/confirm/"))
    client.force_login(User.objects.get(pk=ada.pk))

    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["profile"]["email"] == "ada@new.example"
    assert data["profile"]["pending_email"] == ""


def test_pending_change_is_in_download_my_data(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["profile"]["email"] == "ada@old.example"
    assert data["profile"]["pending_email"] == "ada@new.example"


def test_wrong_password_changes_nothing_and_keeps_the_address_typed(client, ada, mailoutbox):
    response = ask(client, ada, "ada@new.example", password="not it")

    assert response.status_code == 200
    html = response.content.decode()
    assert "That is not your password." in html
    assert 'value="ada@new.example"' in html
    ada.refresh_from_db()
    assert ada.pending_email == ""
    assert mailoutbox == []


def test_the_current_address_is_refused_with_a_message(client, ada, mailoutbox):
    response = ask(client, ada, "ADA@old.example")
    assert "That is already your address." in response.content.decode()
    assert mailoutbox == []


def test_link_expires_after_a_day(client, ada, mailoutbox):
    with time_machine.travel(START, tick=False):
        ask(client, ada, "ada@new.example")
    confirm = link(to(mailoutbox, "ada@new.example")[0], "/confirm/")
    with time_machine.travel(START + timedelta(days=1, minutes=1), tick=False):
        response = client.post(confirm)
        center = client.get(reverse("accounts:center")).content.decode()

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    ada.refresh_from_db()
    assert ada.email == "ada@old.example"
    assert "Waiting for you" not in center


def test_the_old_address_can_call_the_change_off(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    cancel = link(to(mailoutbox, "ada@old.example")[0], "/cancel/")
    confirm = link(to(mailoutbox, "ada@new.example")[0], "/confirm/")

    assert "Keep my address" in client.get(cancel).content.decode()
    response = client.post(cancel)
    assert "Your address stays ada@old.example" in response.content.decode()
    assert client.post(confirm).status_code == 400
    ada.refresh_from_db()
    assert (ada.email, ada.pending_email) == ("ada@old.example", "")


def test_the_old_address_can_undo_a_confirmed_change(client, ada, mailoutbox):
    """Someone who knows the password cannot take the account from its owner's inbox."""
    ask(client, ada, "thief@elsewhere.example")
    client.post(link(to(mailoutbox, "thief@elsewhere.example")[0], "/confirm/"))
    cancel = link(to(mailoutbox, "ada@old.example")[0], "/cancel/")

    response = client.post(cancel)

    html = response.content.decode()
    assert "we have put ada@old.example back" in html
    assert "choose a new password" in html
    ada.refresh_from_db()
    assert ada.email == "ada@old.example"


def test_only_the_newest_request_can_be_confirmed(client, ada, mailoutbox):
    ask(client, ada, "first@new.example")
    ask(client, ada, "second@new.example")
    first = link(to(mailoutbox, "first@new.example")[0], "/confirm/")

    assert client.post(first).status_code == 400
    client.post(link(to(mailoutbox, "second@new.example")[0], "/confirm/"))
    ada.refresh_from_db()
    assert ada.email == "second@new.example"


def test_an_address_with_an_account_is_not_revealed(client, ada, mailoutbox):
    UserFactory(email="taken@new.example")
    response = ask(
        client,
        ada,
        "Taken@new.example",
    )

    assert response.status_code == 302, "the same answer as for a free address"
    [notice] = to(mailoutbox, "Taken@new.example")
    assert "already has an account, so nothing was changed" in notice.body
    assert "/confirm/" not in notice.body


def test_an_address_taken_after_the_link_was_sent_is_refused(client, ada, mailoutbox):
    ask(client, ada, "ada@new.example")
    UserFactory(email="ADA@new.example")

    response = client.post(link(to(mailoutbox, "ada@new.example")[0], "/confirm/"))

    assert response.status_code == 400
    assert "Another account has this address now" in response.content.decode()
    ada.refresh_from_db()
    assert ada.email == "ada@old.example"


def test_an_altered_link_is_refused(client, ada):
    ada.pending_email = "ada@new.example"
    ada.save()
    token = make_email_change_token(ada, new_email="ada@new.example")
    url = reverse("accounts:email-confirm", kwargs={"token": token[:-2] + "xx"})
    assert client.post(url).status_code == 400
    cancel = make_email_change_token(ada, new_email="ada@new.example", cancel=True)
    confirm_with_cancel = reverse("accounts:email-confirm", kwargs={"token": cancel})
    assert client.post(confirm_with_cancel).status_code == 400, "one kind is not the other"
    ada.refresh_from_db()
    assert ada.email == "ada@old.example"


def test_asking_is_throttled_per_member(client, ada, mailoutbox):
    with time_machine.travel(START, tick=False):
        for number in range(3):
            assert ask(client, ada, f"n{number}@new.example").status_code == 302
        response = ask(client, ada, "n4@new.example")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Nothing was sent" in html and 'value="n4@new.example"' in html
    assert to(mailoutbox, "n4@new.example") == []


def test_wrong_passwords_spend_the_budget_too(client, ada, mailoutbox):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            ask(client, ada, "ada@new.example", password="guess")
        response = ask(client, ada, "ada@new.example")
    assert response.status_code == 429
    assert mailoutbox == []


def test_the_new_address_is_not_mailed_more_than_its_budget(client, ada, mailoutbox):
    """Asking again and again for one address sends it one link per three minutes."""
    other = UserFactory()
    with time_machine.travel(START, tick=False):
        ask(client, ada, "victim@new.example")
        ask(client, other, "victim@new.example")
    assert len(to(mailoutbox, "victim@new.example")) == 1
