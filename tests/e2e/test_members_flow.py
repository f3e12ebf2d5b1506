"""In real Chromium: "Copy link" on an article copies its address (and is a plain link without
JavaScript), and a member changes their e-mail address, confirming from the captured e-mail."""

import pytest
from django.core import mail

from tests.accounts.factories import UserFactory
from tests.accounts.helpers import links_in, path_of
from tests.blog.factories import ArticleFactory

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


def test_copy_link_copies_the_articles_address(new_page, live_server, transactional_db):
    from playwright.sync_api import expect

    article = ArticleFactory(title="Sleep and pain")
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(article.get_absolute_url())

    copy = page.get_by_role("link", name="Copy link")
    address = copy.get_attribute("href")
    assert address.endswith(article.get_absolute_url())
    copy.click()

    expect(page.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert page.url.endswith(article.get_absolute_url()), "the page stays where it was"
    email = page.get_by_role("link", name="E-mail a link to this article")
    assert email.get_attribute("href").startswith("mailto:?subject=Sleep%20and%20pain&body=")
    assert page.console_errors == []


def test_copy_link_is_a_plain_link_without_javascript(new_page, live_server, transactional_db):
    article = ArticleFactory()
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    copy = page.get_by_role("link", name="Copy link")
    assert copy.get_attribute("href").endswith(article.get_absolute_url())
    assert page.get_by_role("button", name="More ways to share…").is_hidden()


def test_member_changes_their_email_address(page, login, live_server, transactional_db):
    from playwright.sync_api import expect

    member = login(UserFactory(email="old@example.org"))
    mail.outbox = []
    page.goto("/account/")
    page.get_by_role("link", name="Change e-mail address").click()
    page.get_by_label("New e-mail address").fill("new@example.org")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Send the link").click()

    expect(page.get_by_text("We sent a link to new@example.org")).to_be_visible()
    [confirm] = [message for message in mail.outbox if message.to == ["new@example.org"]]
    link = next(path_of(url) for url in links_in(confirm) if "/email/confirm/" in url)
    page.goto(link)
    page.get_by_role("button", name="Use this address").click()

    expect(page.get_by_text("your address is now new@example.org")).to_be_visible()
    member.refresh_from_db()
    assert member.email == "new@example.org"
