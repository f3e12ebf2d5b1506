"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Database: `live_server` makes every test here transactional, so tables are flushed after each
test; the flush also removes what data migrations made, like the "Authors" and "Editors"
groups, which the `roles` fixture (tests/conftest.py) puts back. Avoid serialized rollback
here: a flush after it skips re-creating content types, which breaks the next browser test.

Media: like production, the live server does not serve MEDIA_ROOT (DEBUG is off in tests), so
each browser context answers /media/ requests from the test's MEDIA_ROOT itself, as the web
server in front of Django would.

One Playwright for the whole session: use `browser`, `page` or `new_page` and never start
another `sync_playwright()` in a browser test; Playwright refuses to start a second one while
this one runs ("using Playwright Sync API inside the asyncio loop").

Chromium or the playwright module missing: the tests are skipped with the reason, except in CI
(CI=true), where browser tests are required and the same reason fails them.
"""

import mimetypes
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.services import unavailable

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
# from that thread as "async-unsafe" unless told the caller knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason):
    """Skip, or fail in CI where the browser tests are required."""
    unavailable(reason, required="the browser tests")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    if not shutil.which(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    playwright = _keeping_connections(sync_playwright().start)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    _keeping_connections(playwright.stop)


@pytest.fixture(scope="session")
def expect(browser):
    """Playwright's `expect`, as a fixture so a missing playwright skips instead of erroring."""
    from playwright.sync_api import expect

    return expect


@pytest.fixture
def new_page(browser, live_server):
    """Make pages in fresh browser contexts (no shared cookies); all are closed afterwards.

    Each page collects console errors and uncaught exceptions in `page.console_errors`.
    """
    contexts = []

    def make(**context_options):
        context_options.setdefault("viewport", VIEWPORT)
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.route(f"{live_server.url}{settings.MEDIA_URL}**", _serve_media)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login(page, live_server):
    """`login(user)` signs `user` in to `page`'s browser context without the login form."""

    def sign_in(user, target=page):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        target.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return user

    return sign_in


def _keeping_connections(step):
    """Run Playwright's start or stop without Django losing its database connections.

    While Playwright runs, it marks its event loop as running in this thread between sync calls.
    Django keeps connections in a thread-critical asgiref Local, which then switches between
    thread-local and context storage and would hand out fresh connections, without the test
    database's serialized content or, on SQLite, the shared in-memory database's first
    connection. Re-attach the connections this thread had before the switch.
    """
    from django.db import connections

    existing = {alias: connections[alias] for alias in connections}
    result = step()
    for alias, connection in existing.items():
        connections[alias] = connection
    return result


def _serve_media(route, request):
    from urllib.parse import unquote, urlsplit

    relative = unquote(urlsplit(request.url).path).removeprefix(settings.MEDIA_URL)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        route.fulfill(status=404, body="Not found")
        return
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})
