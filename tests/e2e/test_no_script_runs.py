"""Hostile text in every kind of content, in a real browser: no injected script ever runs.

The nastiest payloads go into an article (title, summary, body, tag, category), a policy page,
an FAQ, a comment and a member's display name and bio; then Chromium loads every page that shows
them. No dialog may open, no script error or Content Security Policy violation may be reported
(a violation would mean markup got through and only the policy stopped it), and no request may
leave the site: every request's host is recorded.

Uses the shared browser fixtures of tests/e2e/conftest.py.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from pages.models import FAQ
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.comments.factories import CommentFactory
from tests.pages.factories import FAQSectionFactory, PageFactory
from tests.payloads import XSS_PAYLOADS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = (
    "Findings first.\n\n" + "\n\n".join(XSS_PAYLOADS) + "\n\n{{ settings.SECRET_KEY }} {% debug %}"
)
TITLE = '"><img src=//evil.example/t.png onerror=alert(1)></title><script>alert(1)</script>'
SUMMARY = "<svg onload=alert(2)><script src=https://evil.example/s.js></script>\u202egnp.exe"
TAG = "<img src=x onerror=alert(3)>"
CATEGORY = "</a><script>alert(4)</script>"
NAME = "<img src=//evil.example/n.png onerror=alert(5)>"
BIO = "<script>alert(6)</script>{{ request }}"
COMMENT = "\n\n".join(XSS_PAYLOADS[:40]) + "\nhttps://evil.example/linked"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def hostile(roles):
    author = UserFactory(is_staff=True, display_name=NAME, bio=BIO)
    author.groups.add(roles["Authors"])
    member = UserFactory(display_name=NAME, bio=BIO)
    category = CategoryFactory(slug="hostile", name=CATEGORY, description=SUMMARY)
    tag = TagFactory(slug="hostile", name=TAG)
    article = ArticleFactory(
        title=TITLE, summary=SUMMARY, body=BODY, author=author, category=category, tags=[tag]
    )
    CommentFactory(article=article, author=member, body=COMMENT)
    policy = PageFactory(slug="hostile-policy", title=TITLE, body=BODY, show_in_footer=True)
    FAQ.objects.create(
        section=FAQSectionFactory(title=CATEGORY), question=TITLE, answer=BODY, anchor="hostile"
    )
    return {"article": article, "member": member, "policy": policy, "tag": tag}


def watch(page, live_server):
    """Record dialogs and the host of every request `page` makes."""
    page.dialogs, page.hosts = [], set()
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def record(route, request):
        page.hosts.add(urlsplit(request.url).hostname)
        route.fallback()

    page.route("**/*", record)
    page.add_init_script(REPORT_VIOLATIONS)
    return page


def script_errors(page):
    # A sanitised <img src="x"> asks this site for a file that is not there: not script.
    return [error for error in page.console_errors if "Failed to load resource" not in error]


def test_no_injected_script_runs_on_any_page_that_shows_hostile_text(
    page, new_page, login, live_server, hostile, superuser
):
    watch(page, live_server)
    article = hostile["article"]
    public = [
        article.get_absolute_url(),
        reverse("blog:home"),
        reverse("blog:list"),
        hostile["tag"].get_absolute_url(),
        article.category.get_absolute_url(),
        reverse("blog:search") + "?q=alert",
        reverse("blog:search") + "?q=" + "%3Cscript%3Ealert(7)%3C/script%3E",
        reverse("pages:faq"),
        hostile["policy"].get_absolute_url(),
    ]
    for url in public:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        if url == reverse("pages:faq"):
            page.locator("details.faq summary").first.click()  # the answer, opened

    member_page = watch(new_page(), live_server)
    login(hostile["member"], target=member_page)
    for url in (
        reverse("accounts:center"),
        reverse("accounts:profile"),
        reverse("comments:mine"),
    ):
        member_page.goto(live_server.url + url)
        member_page.wait_for_load_state("load")

    admin_page = watch(new_page(), live_server)
    login(superuser, target=admin_page)
    for name in ("blog_article", "comments_comment", "blog_tag", "blog_category", "pages_faq"):
        admin_page.goto(live_server.url + reverse(f"admin:{name}_changelist"))
        admin_page.wait_for_load_state("load")
    admin_page.goto(live_server.url + reverse("admin:blog_article_change", args=[article.pk]))
    admin_page.wait_for_load_state("load")

    expected_host = urlsplit(live_server.url).hostname
    for checked in (page, member_page, admin_page):
        assert checked.dialogs == []
        assert checked.hosts == {expected_host}
        errors = [e for e in script_errors(checked) if "favicon.ico" not in e]
        assert errors == []
    # The payload is on the page as text, so the test did look at it.
    page.goto(live_server.url + article.get_absolute_url())
    assert TITLE in page.locator("h1").inner_text()
