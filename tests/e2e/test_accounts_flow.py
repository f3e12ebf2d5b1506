"""A new reader becomes a member and leaves again, in real Chromium against a live server:
sign up, confirm the address from the captured e-mail, sign in, save the showcase article,
find it in the Management Center, download the data file, delete the account."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from tests.accounts.helpers import verification_path

SHOWCASE = "How Acupuncture Can Relieve Chronic Back Pain Naturally"
SHOWCASE_SLUG = "how-acupuncture-can-relieve-chronic-back-pain-naturally"
EMAIL = "rosalind@example.org"
PASSWORD = "double helix at noon"

pytestmark = pytest.mark.e2e


@pytest.fixture
def accounts_page(new_page):
    page = new_page(accept_downloads=True)
    page.set_default_timeout(10_000)
    return page


def test_sign_up_verify_save_export_and_delete(accounts_page, live_server, transactional_db):
    from playwright.sync_api import expect

    page, base = accounts_page, live_server.url
    call_command("load_demo", verbosity=0)
    mail.outbox = []

    # Sign up from the header.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Display name").fill("Rosalind")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    # Open the link from the captured e-mail; the page asks, the button confirms.
    assert len(mail.outbox) == 1
    page.goto(base + verification_path(mail.outbox[0]))
    page.get_by_role("button", name="Confirm my e-mail address").click()
    expect(page.get_by_text(f"Thank you: {EMAIL} is confirmed.")).to_be_visible()

    # Sign in (we are on the sign-in page now).
    page.get_by_label("E-mail address or username").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Management Center")
    expect(page.locator("#email")).to_contain_text("confirmed on")

    # Save the showcase article; the enhanced button updates in place.
    page.goto(f"{base}/articles/{SHOWCASE_SLUG}/")
    save = page.locator(".article__actions").get_by_role("button", name=re.compile("^Save"))
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    expect(save).to_contain_text("Saved")
    # Each press asks for the state the button shows next (the form's "pressed" field, kept
    # up to date by save.js): unsave, then save again.
    save.click()
    expect(save).to_have_attribute("aria-pressed", "false")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    expect(save).to_contain_text("Saved")

    # Find it in the Management Center.
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Management Center"
    ).click()
    saved_section = page.locator("#saved")
    expect(saved_section.get_by_role("link", name=SHOWCASE)).to_be_visible()

    # Download the data file.
    with page.expect_download() as download_info:
        page.locator("#privacy").get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == EMAIL
    assert [item["title"] for item in data["saved_articles"]] == [SHOWCASE]

    # Delete the account, confirmed with the password.
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(
        page.get_by_text("Your account and your personal data have been deleted.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
