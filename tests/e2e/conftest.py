"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Database: `live_server` makes every test here transactional, so tables are flushed after each
test, and the flush also removes what data migrations made (the "Authors" and "Editors"
groups). So every test here asks pytest-django for a serialized rollback (`_migrated_data`):
the database's content right after migrating is restored before each test, and the flush
after it leaves content types and permissions for that restore instead of re-creating them
with new keys. Keep it that way for new browser tests: a transactional test without it that
runs after one with it finds no content types or permissions.

Media: like production, the live server does not serve MEDIA_ROOT (DEBUG is off in tests), so
each browser context answers /media/ requests from the test's MEDIA_ROOT itself, as the web
server in front of Django would.

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
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (browser tests are required when CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    if not shutil.which(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    playwright = _start_keeping_connections(sync_playwright())
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


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
        context = browser.new_context(
            viewport=VIEWPORT, base_url=live_server.url, **context_options
        )
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


@pytest.fixture(autouse=True)
def _migrated_data(django_db_serialized_rollback):
    """Start each browser test from the database as the migrations left it (see above)."""


@pytest.fixture
def roles(_migrated_data):
    """The groups (and their permissions) made by blog's data migration."""
    from django.contrib.auth.models import Group

    return {group.name: group for group in Group.objects.filter(name__in=["Authors", "Editors"])}


def _start_keeping_connections(manager):
    """Start Playwright without losing Django's database connections.

    Between sync calls Playwright marks its event loop as running in this thread. Django keeps
    connections in a thread-critical asgiref Local, which then switches from thread-local
    storage to context storage and would hand out fresh connections, without the test
    database's serialized content (needed by `roles`) or, on SQLite, the shared in-memory
    database's first connection. Re-attach the connections this thread already had.
    """
    from django.db import connections

    existing = {alias: connections[alias] for alias in connections}
    playwright = manager.start()
    for alias, connection in existing.items():
        connections[alias] = connection
    return playwright


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
