"""In Chromium: a member replies to a comment on the showcase article, with and without
JavaScript; the reply appears nested under the comment and its permalink opens the page at it.
A new comment from the form under the thread lands on itself; a refused one comes back on the
article page with its text.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.e2e

SHOWCASE = "how-acupuncture-can-relieve-chronic-back-pain-naturally"


@pytest.fixture
def chromium(browser):
    """The session's shared Chromium (tests/e2e/conftest.py)."""
    return browser


@pytest.fixture
def thread(live_server):
    """The showcase article with one comment by Ana, and Ben, a verified member, signed in."""
    call_command("load_demo", stdout=io.StringIO())
    from blog.models import Article

    article = Article.objects.get(slug=SHOWCASE)
    ana = UserFactory(display_name="Ana Reyes")
    parent = CommentFactory(
        article=article, author=ana, body="Has anyone tried this for sciatica as well?"
    )
    ben = UserFactory(display_name="Ben Okafor")
    client = Client()
    client.force_login(ben)
    return {
        "article": article,
        "parent": parent,
        "cookie": client.cookies[settings.SESSION_COOKIE_NAME],
        "url": f"{live_server.url}{article.get_absolute_url()}",
    }


def signed_in_page(chromium, live_server, thread, **options):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, **options)
    cookie = thread["cookie"]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def assert_reply_nested_and_permalink_scrolls(context, page, thread, text):
    from playwright.sync_api import expect

    parent = thread["parent"]
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert anchor != f"comment-{parent.pk}"
    reply = page.locator(f"#{anchor}")
    expect(reply).to_contain_text(text)
    expect(reply).to_contain_text("Ben Okafor")
    nested = page.locator(
        f"li:has(> #comment-{parent.pk}) > ol.comment-list--replies > li > article#{anchor}"
    )
    expect(nested).to_have_count(1)

    # The permalink, opened afresh, shows the page scrolled down to the reply.
    fresh = context.new_page()
    fresh.goto(f"{thread['url']}#{anchor}")
    expect(fresh.locator(f"#{anchor}")).to_be_in_viewport()
    assert fresh.evaluate("window.scrollY") > 500
    expect(fresh.locator("h1")).not_to_be_in_viewport()


def test_member_replies_in_place_and_permalink_opens_at_the_reply(chromium, live_server, thread):
    from playwright.sync_api import expect

    context, page = signed_in_page(chromium, live_server, thread)
    page.goto(thread["url"])
    parent = thread["parent"]
    page.locator(f"#comment-{parent.pk} a.comment__reply").click()

    form = page.locator(f"#reply-form-comment-{parent.pk}")
    expect(form).to_be_visible()
    textarea = form.get_by_label("Your reply to Ana Reyes")
    expect(textarea).to_be_focused()
    textarea.fill("Yes: my physiotherapist combined it with exercises and it helped.")
    form.get_by_role("button", name="Post reply").click()

    assert_reply_nested_and_permalink_scrolls(
        context, page, thread, "my physiotherapist combined it with exercises"
    )
    context.close()


def test_reply_works_without_javascript(chromium, live_server, thread):
    context, page = signed_in_page(chromium, live_server, thread, java_script_enabled=False)
    page.goto(thread["url"])
    parent = thread["parent"]
    page.locator(f"#comment-{parent.pk} a.comment__reply").click()
    page.wait_for_url(re.compile(rf"/comments/{parent.pk}/reply/$"))
    page.get_by_label("Your comment").fill("Not yet, but I would like to know too.")
    page.get_by_role("button", name="Post reply").click()

    assert_reply_nested_and_permalink_scrolls(
        context, page, thread, "Not yet, but I would like to know too."
    )
    context.close()


def test_member_posts_a_comment_and_a_refused_one_comes_back_with_its_text(
    chromium, live_server, thread
):
    """The form under the thread posts to the comments address; posted, the page opens at the
    new comment; refused, the article page comes back with the text and why."""
    from playwright.sync_api import expect

    context, page = signed_in_page(chromium, live_server, thread)
    text = "Thank you: the section on posture was the most useful part for me."

    def post_from_the_article_page():
        page.goto(thread["url"])
        form = page.locator("#comment-form")
        form.get_by_label("Your comment").fill(text)
        form.get_by_role("button", name="Post comment").click()

    post_from_the_article_page()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_contain_text(text)
    expect(page.get_by_text("Your comment is published.")).to_be_visible()

    # The same words again: refused, on the article page, with the text still in the form.
    post_from_the_article_page()
    page.wait_for_url(re.compile(r"/comments/#comment-form$"))
    expect(page.locator("h1")).to_have_text(thread["article"].title)
    expect(page.get_by_role("alert")).to_contain_text("You have just posted this same comment.")
    expect(page.locator("#comment-form").get_by_label("Your comment")).to_have_value(text)
    context.close()
