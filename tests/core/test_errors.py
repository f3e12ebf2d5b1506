"""Malformed, unknown and unexpected requests get a 4xx page in the site's design, never a 500
(the error templates and core/errors.py; the 405 page is core/middleware.py's, in test_middleware).

The URLs probed come from the URL resolver (everything outside the admin, with sample values for
each path argument), so a view added later is probed too.
"""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

SAMPLE = "sample"  # the slug of the article, category and tag made by `site`
BAD_QUERIES = [
    "?page=abc",
    "?page=99999",
    "?page=-1",
    "?page=0",
    "?page=1e10",
    "?page=",
    "?page=%ff",
    "?page=1&page=abc",
    "?q=%ff%fe",
    "?q=" + "x" * 5000,
    "?%ff=%fe",
    "?page=%00",
    "?" + "&".join(f"f{n}=v" for n in range(1500)),
]


def in_site_design(response):
    html = response.content.decode()
    return f'href="{static("css/site.css")}"' in html and 'class="site-header"' in html


def sample_kwargs(pattern):
    converters = getattr(pattern, "converters", {})
    names = converters or pattern.regex.groupindex
    kwargs = {}
    for name in names:
        converter = converters.get(name)
        if isinstance(converter, IntConverter):
            kwargs[name] = 1
        elif isinstance(converter, UUIDConverter):
            kwargs[name] = uuid.UUID(int=1)
        else:
            kwargs[name] = SAMPLE
    return kwargs


def site_urls(patterns=None, namespace=""):
    """Every named URL outside the admin, reversed with sample arguments."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from site_urls(entry.url_patterns, inner)
        elif entry.name:
            yield reverse(namespace + entry.name, kwargs=sample_kwargs(entry.pattern))


@pytest.fixture
def site(db):
    category = CategoryFactory(slug=SAMPLE)
    tag = TagFactory(slug=SAMPLE)
    ArticleFactory(slug=SAMPLE, category=category, tags=[tag])
    ArticleFactory.create_batch(3, category=category, tags=[tag])


def test_the_probe_covers_the_site_urls():
    urls = set(site_urls())
    assert {"/", "/articles/", "/articles/sample/", "/category/sample/", "/tag/sample/"} <= urls
    assert {"/markdownx/upload/", "/markdownx/markdownify/"} <= urls


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda query: query[:20])
@pytest.mark.parametrize("as_staff", [False, True], ids=["visitor", "staff"])
def test_malformed_query_strings_never_cause_a_server_error(
    client, site, superuser, query, as_staff
):
    if as_staff:
        client.force_login(superuser)
    for url in site_urls():
        for method in (client.get, client.post):
            response = method(url + query)
            assert response.status_code < 500, (method.__name__, url + query)
            if 400 <= response.status_code < 500 and response["Content-Type"].startswith(
                "text/html"
            ):
                assert in_site_design(response), (url + query, response.status_code)


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=99999", "?page=-1", "?page=1e10", "?page=%ff", "?page=%00"]
)
@pytest.mark.parametrize("url", ["/articles/", "/category/sample/", "/tag/sample/"])
def test_impossible_page_numbers_are_a_404_page(client, site, url, query):
    response = client.get(url + query)
    assert response.status_code == 404
    assert in_site_design(response)
    assert "We couldn’t find that page" in response.content.decode()


def test_page_one_and_a_missing_page_number_are_the_same_list(client, site):
    assert client.get("/articles/?page=").status_code == 200
    assert client.get("/articles/?page=1").status_code == 200
    assert client.get("/articles/?page=last").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/articles/no-such-article/",
        "/category/no-such-category/",
        "/tag/no-such-tag/",
        "/articles/%ff%fe/",
        "/%ff/",
        "/articles/" + "a" * 5000 + "/",
        "/" + "deep/" * 2000,
        "/articles/..%2f..%2fetc%2fpasswd/",
        "/static/../config/settings/base.py",
        "/media/../manage.py",
    ],
    ids=lambda path: path[:30],
)
def test_unknown_and_over_long_paths_are_a_404_page(client, site, path):
    response = client.get(path)
    assert response.status_code == 404
    assert in_site_design(response)


@pytest.mark.parametrize("url", ["/", "/articles/", "/category/sample/"])
def test_head_and_options_are_answered(client, site, url):
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    options = client.options(url)
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_an_unknown_host_is_a_400_page(client, site):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert in_site_design(response)
    assert "We couldn’t understand that request" in response.content.decode()


def test_too_many_form_fields_are_a_400_page(client):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("admin:login"), fields)
    assert response.status_code == 400
    assert in_site_design(response)


def test_a_suspicious_request_and_a_permission_error_get_their_pages(client, settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    assert in_site_design(response)
    response = client.get("/test-errors/forbidden/")
    assert response.status_code == 403
    assert in_site_design(response)
    assert "You don’t have access to this page" in response.content.decode()


def test_a_form_without_a_valid_csrf_token_gets_a_helpful_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert in_site_design(response)
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "reload the page and send the form again" in html
    assert "CSRF" not in html


def test_a_bug_in_a_view_shows_the_static_500_page(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "a bug in a view" not in html
    assert in_site_design(response)


def test_a_database_outage_shows_the_static_503_page_with_retry_after(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "We will be back in a moment" in html
    assert "it was not saved" in html
    assert "Connection refused" not in html
    assert in_site_design(response)


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_500_and_503_pages_are_static_and_their_stylesheet_exists(name):
    """No template tags (they could fail too) and no inline style the CSP would block."""
    source = (settings.BASE_DIR / "templates" / name).read_text()
    assert not re.search(r"{%|{{|{#", source)
    assert not re.search(r"<style\b|\sstyle=|<script\b", source)
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', source)
    assert href == settings.STATIC_URL + "css/site.css"
    assert finders.find("css/site.css")
