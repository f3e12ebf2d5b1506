"""A reader subscribes without an account, in real Chromium against a live server: the form on
the home page, the link from the captured e-mail, the confirmation button, the manage page."""

import re

import pytest
from django.core import mail

from blog.models import Subscriber
from tests.blog.factories import ArticleFactory

pytestmark = pytest.mark.e2e
EMAIL = "ada@example.org"


def test_subscribe_from_the_home_page_and_confirm_from_the_email(
    new_page, live_server, transactional_db, expect
):
    page, base = new_page(), live_server.url
    page.set_default_timeout(10_000)
    ArticleFactory(title="On sleep")
    mail.outbox = []

    page.goto(f"{base}/")
    form = page.get_by_role("region", name="Get new articles by e-mail")
    form.get_by_label("Your e-mail address").fill(EMAIL)
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Subscriber.objects.get(email=EMAIL).confirmed_at is None
    assert mail.outbox[0].to == [EMAIL]

    link = re.search(r"http\S+/subscribe/confirm/\S+/", mail.outbox[0].body)[0]
    page.goto(link)
    assert Subscriber.objects.get(email=EMAIL).confirmed_at is None  # opening is not confirming
    page.get_by_role("button", name="Confirm my subscription").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription")
    expect(page.get_by_text(f"Thank you: {EMAIL} is subscribed.")).to_be_visible()
    page.get_by_label("A weekly digest").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is not None and subscriber.frequency == "weekly"
