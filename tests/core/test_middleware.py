"""The middleware stack's answers: the headers every page sends under the production settings
(core.middleware.PermissionsPolicyMiddleware among them), the HTTPS rules behind them, and the
405 page core.middleware.MethodNotAllowedPageMiddleware renders.

`production` applies the values config/settings/production.py really computes (imported with a
throwaway environment), so a change there is what these tests see. To cover a new kind of page,
add it to PAGES.
"""

import re
import runpy

import pytest
from django.urls import reverse

from tests.accounts.helpers import force_login_with_two_factor
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.core.test_errors import in_site_design
from tests.images import upload

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "SECRET_KEY": "tests-only-" + "k3y" * 20,
    "ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": "sqlite:///unused-by-these-tests.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/11",  # never reached: KEEP_TEST_VALUES keeps CACHES
}
# Production values that would point the tests at real services or at files that do not exist.
KEEP_TEST_VALUES = {
    "DATABASES", "CACHES", "STORAGES", "SECRET_KEY", "MEDIA_ROOT", "STATIC_ROOT", "LOGGING",
    "PASSWORD_HASHERS",
}  # fmt: skip


def production_settings(monkeypatch, **env):
    """config.settings.production's globals, computed from PRODUCTION_ENV plus `env`."""
    for name in ("SECURE_PROXY_SSL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("config.settings.production")


def apply(settings, values):
    for name, value in values.items():
        if name.isupper() and name not in KEEP_TEST_VALUES and not name.startswith("EMAIL_"):
            if getattr(settings, name, None) != value:
                setattr(settings, name, value)


@pytest.fixture
def production(settings, monkeypatch):
    apply(settings, production_settings(monkeypatch))
    return settings


def _home(client, superuser):
    return reverse("blog:home")


def _article(client, superuser):
    return ArticleFactory().get_absolute_url()


def _article_list(client, superuser):
    return reverse("blog:list")


def _admin_login(client, superuser):
    return reverse("admin:login")


def _admin_index(client, superuser):
    # Production requires two-factor sign-in of staff (STAFF_REQUIRE_2FA).
    force_login_with_two_factor(client, superuser)
    return reverse("admin:index")


def _admin_article_add(client, superuser):
    force_login_with_two_factor(client, superuser)
    return reverse("admin:blog_article_add")


# (kind, page): each returns the URL to fetch, after logging the client in if the page needs it.
PAGES = [
    ("public", _home),
    ("public", _article),
    ("public", _article_list),
    ("account", _admin_login),
    ("admin", _admin_index),
    ("admin", _admin_article_add),
]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(("kind", "page"), PAGES, ids=[page.__name__[1:] for _, page in PAGES])
def test_page_sends_every_security_header(client, production, superuser, kind, page):
    response = client.get(page(client, superuser), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert csp_directives(response) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_error_pages_carry_the_headers_too(client, production):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_have_no_inline_script_or_style(client, production):
    """What the policy forbids must not be in our own markup either (it would silently break)."""
    for url in (reverse("blog:home"), ArticleFactory().get_absolute_url(), "/no-such-page/"):
        html = client.get(url, secure=True).content.decode()
        # Structured data is never run, so the policy does not apply to it.
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all(" src=" in tag or 'type="application/ld+json"' in tag for tag in scripts)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html)


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/articles/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/articles/?page=2"


def test_behind_a_proxy_the_forwarded_scheme_decides(client, settings, monkeypatch):
    apply(settings, production_settings(monkeypatch, SECURE_PROXY_SSL="true"))
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


def test_without_the_proxy_setting_a_forwarded_header_is_not_trusted(client, production):
    assert not getattr(production, "SECURE_PROXY_SSL_HEADER", None)
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 301


def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only(
    client, production, superuser
):
    login = client.get(reverse("admin:login"), secure=True)
    csrf_cookie = login.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["samesite"] == "Lax"
    response = client.post(
        reverse("admin:login"),
        {"username": superuser.username, "password": "correct horse battery staple"},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


def test_development_and_tests_send_the_same_csp_and_frame_rules(client):
    """The policy lives in base settings, so a page that breaks under it breaks in development."""
    response = client.get(reverse("blog:home"))
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response


@pytest.fixture
def site(db):
    CategoryFactory(slug="sample")
    TagFactory(slug="sample")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/articles/", "/category/sample/", "/tag/sample/"])
def test_a_wrong_method_is_a_405_page_that_keeps_the_allow_header(client, site, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert in_site_design(response)
    html = response.content.decode()
    assert "This page can’t be used that way" in html
    assert f"does not accept a {method.upper()} request; it accepts GET, HEAD, OPTIONS" in html


def test_get_on_a_post_only_endpoint_is_a_405_page_for_staff(client, superuser):
    client.force_login(superuser)
    response = client.get("/markdownx/upload/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert in_site_design(response)


# Request body limits (core.middleware.RequestBodyLimitMiddleware) ----------


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, url, length, **extra):
    """POST to `url` declaring a `length`-byte multipart body, with a stream nobody may read."""
    return client.generic(
        "POST",
        url,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable(), **extra},
    )


def test_a_60_mb_anonymous_post_is_refused_413_before_its_body_is_read(client, settings):
    """It used to be read, and its file parts written to disk, even with a bad CSRF pair."""
    response = post_declaring(client, reverse("accounts:login"), 60 * 1024 * 1024)
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_anonymous_bodies_are_limited_below_the_disk_spill(client, settings):
    """Visitors post small forms: past ANONYMOUS_REQUEST_BODY_MAX_BYTES is 413, and the limit
    keeps their bodies in memory (below FILE_UPLOAD_MAX_MEMORY_SIZE)."""
    limit = settings.ANONYMOUS_REQUEST_BODY_MAX_BYTES
    assert limit < settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    url = reverse("accounts:login")
    assert post_declaring(client, url, limit + 1).status_code == 413


def test_signed_in_users_may_send_an_image_upload_with_its_form(client, member, settings):
    """Members upload avatars, staff covers and editor images: up to core.images.MAX_BYTES,
    with the form around them, within REQUEST_BODY_MAX_BYTES (nginx's client_max_body_size)."""
    from core.images import MAX_BYTES

    limit = settings.REQUEST_BODY_MAX_BYTES
    assert MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= limit
    client.force_login(member)
    assert post_declaring(client, reverse("accounts:profile"), limit + 1).status_code == 413
    with_avatar = client.post(
        reverse("accounts:profile"),
        {"display_name": "A", "avatar": upload("big.png", bytes(MAX_BYTES), "image/png")},
    )
    assert with_avatar.status_code == 200  # the form's answer: 5 MB of zeros is no image
    assert "Upload a valid image" in with_avatar.content.decode()


def test_ordinary_posts_are_unaffected(client, member):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": "New name"})
    assert response.status_code == 302


def test_a_chunked_body_without_a_length_is_refused_411(client):
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": ""},
    )
    assert response.status_code == 411


def test_a_malformed_content_length_is_refused_400(client):
    response = post_declaring(client, reverse("accounts:login"), "-5")
    assert response.status_code == 400
