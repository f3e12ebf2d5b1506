"""The Content Security Policy in a real browser: public pages and the admin's Markdown editor
work under it, and Chromium reports no violation.

Uses the shared browser fixtures of tests/e2e/conftest.py.
"""

import pytest
from django.urls import reverse

from tests.blog.factories import ArticleFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct horse battery staple"
# Reported from the page itself, so a blocked inline script or style cannot go unnoticed.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
TABLE = "| Week | Pain score |\n|:----:|-----------:|\n| 1 | 6 |\n| 8 | 3 |"


@pytest.fixture
def page(new_page):
    page = new_page()
    # Errors with the address that caused them, so the expected 404 and favicon can be told apart.
    page.located_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.located_errors.append(f"{message.text} {message.location['url']}")
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)
    return page


def test_public_pages_run_under_the_policy_with_table_alignment_kept(page, live_server):
    from playwright.sync_api import expect

    article = ArticleFactory(body="Intro.\n\n## Results\n\n" + TABLE)
    for url in (reverse("blog:home"), reverse("blog:list"), "/no-such-page/"):
        page.goto(live_server.url + url)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator(".prose th").first).to_have_css("text-align", "center")
    expect(page.locator(".prose td").nth(1)).to_have_css("text-align", "right")
    # The only error is the 404 page's own status, which Chromium reports as a failed load.
    assert page.located_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found) "
        f"{live_server.url}/no-such-page/"
    ]


def test_the_markdown_editor_previews_live_under_the_policy(page, live_server, superuser):
    from playwright.sync_api import expect

    superuser.set_password(PASSWORD)
    superuser.save()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(live_server.url + reverse("admin:blog_article_add"))
    page.locator("#id_title").press_sequentially("Needles and nerves")
    expect(page.locator("#id_slug")).to_have_value("needles-and-nerves")  # admin's own JS
    page.locator("#id_body").press_sequentially("## Typed heading\n\n**bold** text\n\n" + TABLE)
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("h2")).to_have_text("Typed heading")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("th").first).to_have_css("text-align", "center")
    page.goto(live_server.url + reverse("admin:blog_article_changelist"))
    # The admin's templates link no icon, so Chromium asks for /favicon.ico: not a CSP matter.
    errors = [error for error in page.located_errors if not error.endswith("/favicon.ico")]
    assert errors == []


def test_the_live_preview_explains_a_body_beyond_the_limits(new_page, live_server, superuser):
    """A list nested past core.markdown.MAX_DEPTH: the preview pane says why (the answer is a
    400, which Chromium logs, hence not the `page` fixture), and what was typed stays."""
    from playwright.sync_api import expect

    page = new_page()
    superuser.set_password(PASSWORD)
    superuser.save()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(live_server.url + reverse("admin:blog_article_add"))
    body = "- " * 40 + "deep"
    page.locator("#id_body").fill(body)
    alert = page.locator(".markdownx-preview [role=alert]")
    expect(alert).to_contain_text("nested too deeply")
    expect(page.locator("#id_body")).to_have_value(body)
