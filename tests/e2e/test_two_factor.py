"""A member of staff enrols in two-factor sign-in and signs in with it, in real Chromium.

With STAFF_REQUIRE_2FA on, the admin sends a staff user without an app to enrol; the test reads
the key shown on the page, computes the code like an authenticator app, keeps going to the
admin, then signs in again in a fresh browser with the password and a code. No Content Security
Policy violation on the way (the QR code is inline SVG).

Set E2E_SCREENSHOTS to a folder to keep screenshots of the enrol page and the code step.
"""

import os
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def app_code(secret, at):
    """The code an authenticator app given `secret` (base32, as shown) shows at time `at`."""
    text = secret.replace(" ", "")
    totp = TOTP(b32decode(text + "=" * (-len(text) % 8)), step=30, digits=6)
    totp.time = at
    return f"{totp.token():06d}"


def screenshot(page, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def fresh_page(new_page):
    page = new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(REPORT_VIOLATIONS)
    return page


def test_staff_enrol_from_the_admin_and_sign_in_with_a_code(
    new_page, live_server, superuser, settings
):
    from playwright.sync_api import expect

    settings.STAFF_REQUIRE_2FA = True
    superuser.set_password(PASSWORD)
    superuser.save()
    base = live_server.url

    # The admin's sign-in page takes the password, then sends a staff user without an app to
    # enrol.
    page = fresh_page(new_page)
    page.goto(base + reverse("admin:index"))
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-factor sign-in")
    expect(page.get_by_text("Staff accounts need two-factor sign-in")).to_be_visible()
    qr = page.locator(".qr-code svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["width"] == box["height"]  # scaled whole, not cropped
    screenshot(page, "enrol")

    # A wrong code first: a clear message, nothing turned on.
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    expect(page.locator(".errorlist")).to_contain_text("That code does not match")

    secret = page.locator("#two-factor-secret").inner_text()
    page.get_by_label("Code from the app").fill(app_code(secret, time.time()))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert page.url == base + reverse("admin:index")
    assert page.console_errors == []

    # A fresh browser: password, then the code step, then the admin.
    page = fresh_page(new_page)
    page.goto(base + reverse("admin:blog_article_changelist"))
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    screenshot(page, "code-step")
    # The code used to enrol is spent; the app's next code is within the accepted drift.
    page.get_by_label("Code").fill(app_code(secret, time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert page.url == base + reverse("admin:blog_article_changelist")
    assert page.console_errors == []
