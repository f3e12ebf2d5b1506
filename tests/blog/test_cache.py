"""The anonymous page cache: hits, invalidation on every kind of edit, members, 304, outages."""

import logging
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from blog.cache import (
    NEXT_PUBLISH_KEY,
    VERSION_KEY,
    PageCacheMiddleware,
    cache_timeout,
    next_publish_time,
)
from blog.models import Article
from blog.services import article_publish, article_unpublish
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """One published article and one draft in the same category and tag."""
    category = CategoryFactory(name="Sleep science", slug="sleep-science")
    tag = TagFactory(name="insomnia", slug="insomnia")
    shown = ArticleFactory(title="Already out", category=category, tags=[tag])
    draft = ArticleFactory(title="Hidden draft", category=category, tags=[tag], draft=True)
    return shown, draft


def public_urls(article):
    return [
        reverse("blog:home"),
        reverse("blog:list"),
        article.category.get_absolute_url(),
        article.tags.first().get_absolute_url(),
    ]


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def test_second_anonymous_request_is_a_hit_without_queries(client, site, django_assert_num_queries):
    url = site[0].get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_shows_the_article_on_every_page_at_the_next_request(client, site, editor):
    shown, draft = site
    warm(client, public_urls(shown))
    assert client.get(draft.get_absolute_url()).status_code == 404
    article_publish(articles=Article.objects.filter(pk=draft.pk), by=editor)
    for url in public_urls(shown):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Hidden draft" in response.content.decode(), url
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editing_shows_the_new_title_everywhere_at_the_next_request(client, site):
    shown, _draft = site
    urls = [*public_urls(shown), shown.get_absolute_url()]
    warm(client, urls)
    shown.title = "Retitled piece"
    shown.save()
    for url in urls:
        content = client.get(url).content.decode()
        assert "Retitled piece" in content and "Already out" not in content, url


def test_unpublishing_removes_the_article_at_the_next_request(client, site, editor):
    shown, _draft = site
    urls = public_urls(shown)
    warm(client, [*urls, shown.get_absolute_url()])
    article_unpublish(articles=Article.objects.filter(pk=shown.pk), by=editor)
    for url in urls:
        assert "Already out" not in client.get(url).content.decode(), url
    assert client.get(shown.get_absolute_url()).status_code == 404


def test_tagging_and_renaming_a_category_show_at_the_next_request(client, site):
    shown, _draft = site
    new_tag = TagFactory(name="circadian", slug="circadian")
    warm(client, [new_tag.get_absolute_url(), reverse("blog:home")])
    shown.tags.add(new_tag)
    assert "Already out" in client.get(new_tag.get_absolute_url()).content.decode()
    shown.category.name = "Sleep and rest"
    shown.category.save()
    assert "Sleep and rest" in client.get(reverse("blog:home")).content.decode()


def test_a_cached_page_expires_after_page_cache_seconds(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 1
    url = reverse("blog:home")
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    time.sleep(1.1)
    assert client.get(url)["X-Cache"] == "MISS"


def test_page_lifetime_stops_at_the_next_scheduled_publish_time(settings):
    settings.PAGE_CACHE_SECONDS = 300
    now = 1_000_000.0
    assert cache_timeout(None, now=now) == 300
    assert cache_timeout(now + 42.5, now=now) == 42
    assert cache_timeout(now + 3600, now=now) == 300
    assert cache_timeout(now - 5, now=now) == 0


def test_next_publish_time_is_the_earliest_scheduled_article(client):
    soon = timezone.now() + timedelta(minutes=10)
    ArticleFactory(published_at=soon)
    ArticleFactory(published_at=soon + timedelta(hours=1))
    ArticleFactory(draft=True)
    ArticleFactory()
    assert next_publish_time() == pytest.approx(soon.timestamp())
    client.get(reverse("blog:home"))
    # Worked out on the write and kept with the content version, not per page.
    assert cache.get(NEXT_PUBLISH_KEY)[1] == pytest.approx(soon.timestamp())


def test_a_scheduled_article_appears_once_its_time_has_come(client, settings):
    ArticleFactory(title="Out now")
    coming = ArticleFactory(
        title="Coming soon", published_at=timezone.now() + timedelta(seconds=2.5)
    )
    url = reverse("blog:home")
    assert "Coming soon" not in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"
    time.sleep(max(coming.published_at.timestamp() - time.time(), 0) + 0.1)
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "Coming soon" in response.content.decode()


def test_members_are_never_served_a_cached_page(client, site):
    url = site[0].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    for member in (UserFactory(), UserFactory()):
        client.force_login(member)
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "MISS"
        client.logout()


def test_a_page_rendered_for_staff_is_not_stored_for_anyone(client, site):
    _shown, draft = site
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    preview = client.get(draft.get_absolute_url())
    assert "only staff can see this preview" in preview.content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_AUTHORIZATION": "Bearer x"}, {"HTTP_COOKIE": "sessionid=stale"}],
    ids=["authorization", "session-cookie"],
)
def test_requests_with_credentials_bypass_the_cache(client, site, headers):
    url = reverse("blog:home")
    client.get(url)
    assert client.get(url, **headers)["X-Cache"] == "MISS"


def test_query_strings_other_than_page_bypass_the_cache(client, site):
    url = reverse("blog:list")
    for query in ("?page=1", "?utm_source=newsletter"):
        client.get(url + query)
    assert client.get(url + "?page=1")["X-Cache"] == "HIT"
    assert client.get(url + "?utm_source=newsletter")["X-Cache"] == "MISS"


def test_head_requests_are_answered_from_the_cache(client, site):
    url = reverse("blog:home")
    client.get(url)
    assert client.head(url)["X-Cache"] == "HIT"


def test_cached_pages_carry_no_cookies(client, site):
    url = site[0].get_absolute_url()
    client.get(url)
    hit = client.get(url)
    assert hit["X-Cache"] == "HIT"
    assert not hit.cookies
    assert "Set-Cookie" not in hit


def test_cached_pages_keep_the_headers_of_the_original(client, site):
    url = site[0].get_absolute_url()
    miss = client.get(url)
    hit = client.get(url)
    headers = (
        *("Content-Type", "X-Frame-Options", "ETag", "Last-Modified"),
        # given by middleware below the page cache, which a hit skips
        *("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options"),
        *("Referrer-Policy", "Cross-Origin-Opener-Policy"),
    )
    for header in headers:
        assert miss[header], header
        assert hit[header] == miss[header], header
    assert hit["Content-Length"] == str(len(hit.content))


@pytest.mark.urls("tests.blog.cache_urls")
@pytest.mark.parametrize("path", ["/csrf/", "/cookie/", "/message/", "/session/", "/private/"])
def test_pages_that_set_cookies_or_are_private_are_never_stored(client, path):
    client.get(path)
    client.cookies.clear()
    assert client.get(path)["X-Cache"] == "MISS"


@pytest.mark.urls("tests.blog.cache_urls")
def test_a_plain_page_is_stored(client):
    client.get("/plain/")
    assert client.get("/plain/")["X-Cache"] == "HIT"


@pytest.mark.parametrize("kind", ["article", "home", "list"])
@pytest.mark.parametrize("served", ["MISS", "HIT"])
def test_conditional_requests_get_304(client, site, kind, served):
    shown, _draft = site
    url = {"article": shown.get_absolute_url(), "home": "/", "list": "/articles/"}[kind]
    if served == "HIT":
        client.get(url)
    else:
        client.cookies["sessionid"] = "nobody"  # bypasses the page cache
    first = client.get(url)
    assert first["X-Cache"] == served
    assert first["Last-Modified"] == http_date(shown.updated_at.timestamp())
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    stale = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(shown.updated_at.timestamp() - 60))
    assert stale.status_code == 200


@pytest.mark.parametrize("url", ["/", "/articles/"])
def test_list_last_modified_is_the_newest_shown_article(client, url):
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=1))
    newer.refresh_from_db()
    assert client.get(url)["Last-Modified"] == http_date(newer.updated_at.timestamp())


DOWN = {
    "default": {
        "BACKEND": "blog.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_pages_are_served_uncached_when_redis_is_down(client, site, caplog, editor):
    shown, draft = site
    with override_settings(CACHES=DOWN), caplog.at_level(logging.WARNING, logger="blog.cache"):
        for url in [*public_urls(shown), shown.get_absolute_url()]:
            caplog.clear()
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Cache"] == "MISS"
            assert "Already out" in response.content.decode()
            assert [r.levelname for r in caplog.records] == ["WARNING"], url
        # An editor's save still goes through; the failed invalidation is logged.
        article_publish(articles=Article.objects.filter(pk=draft.pk), by=editor)
        assert "Could not bump" in caplog.text
    draft.refresh_from_db()
    assert draft.is_public


def test_a_page_rendered_while_a_scheduled_article_went_live_is_not_stored(rf):
    """Its publish time passed during the render: the page may lack it, so it is not kept."""
    middleware = PageCacheMiddleware(lambda request: HttpResponse("page"))
    request = rf.get("/")
    started = time.time() - 1
    went_live = {VERSION_KEY: 7, NEXT_PUBLISH_KEY: (7, time.time() - 0.5)}
    middleware.store(request, "folio:test", HttpResponse("page"), went_live, started)
    assert cache.get("folio:test") is None
    later = {VERSION_KEY: 7, NEXT_PUBLISH_KEY: (7, time.time() + 60)}
    middleware.store(request, "folio:test", HttpResponse("page"), later, started)
    assert cache.get("folio:test")[2][2] == b"page"


def test_static_and_media_files_are_left_alone(rf, settings, caplog):
    """No cache round trip, no X-Cache: WhiteNoise (or the web server) serves them."""
    settings.STATIC_URL, settings.MEDIA_URL = "/static/", "/media/"
    middleware = PageCacheMiddleware(lambda request: HttpResponse("file"))
    with override_settings(CACHES=DOWN), caplog.at_level(logging.WARNING, logger="blog.cache"):
        for path in ("/static/css/site.css", "/media/covers/a.jpg"):
            assert "X-Cache" not in middleware(rf.get(path)), path
        assert not caplog.records  # the cache was never asked
        assert middleware(rf.get("/"))["X-Cache"] == "MISS"
        assert caplog.records  # a page is: here it is down


@pytest.mark.parametrize("who", ["member", "session"])
def test_feeds_and_sitemaps_come_from_the_cache_for_members_too(client, site, member, who):
    """They show nothing of the reader's, so a cookie does not keep them from the cache."""
    urls = [reverse("blog:feed-rss"), reverse("blog:feed-atom"), "/sitemap.xml", "/robots.txt"]
    anonymous = {url: client.get(url) for url in urls}
    if who == "member":
        client.force_login(member)
    else:
        client.cookies["sessionid"] = "no-such-session"
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "HIT", url
        assert response.content == anonymous[url].content, url
        assert not response.cookies, url
    # and the page beside them is still the member's own
    assert client.get("/")["X-Cache"] == "MISS"


def test_a_new_article_is_in_the_feed_a_member_gets_next(client, site, member):
    client.force_login(member)
    feed = reverse("blog:feed-rss")
    client.get(feed)
    ArticleFactory(title="Fresh off the press")
    response = client.get(feed)
    assert response["X-Cache"] == "MISS"
    assert "Fresh off the press" in response.content.decode()


def test_a_piece_rendered_after_an_article_went_live_mid_request_is_not_kept(rf):
    """The view read its list before the scheduled time; the piece made from it is rendered
    after. Counted from the request's start, the piece is already expired: not kept."""
    from blog.cache import shared

    coming = ArticleFactory(title="Coming soon", published_at=timezone.now() + timedelta(seconds=1))

    def view(request):
        shared("the-list", lambda: "read before it went live")  # as a list read by the view
        time.sleep(max(coming.published_at.timestamp() - time.time(), 0) + 0.1)
        return HttpResponse(shared("the-cards", lambda: "rendered after it went live"))

    request = rf.get("/", HTTP_COOKIE="sessionid=no-such-session")
    assert PageCacheMiddleware(view)(request).content == b"rendered after it went live"
    assert shared("the-cards", lambda: "fresh") == "fresh"
    assert shared("the-list", lambda: "fresh") == "fresh"


def test_every_kept_entry_belongs_to_this_release(client, site, monkeypatch):
    """A deploy changes the release: nothing the previous one kept is served, even before the
    first write, and old and new processes never read each other's entries."""
    from blog import cache as page_cache

    url = site[0].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    assert all(page_cache.release() in key for key in page_cache.memory.entries)
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"


def test_the_release_changes_with_a_template(settings, tmp_path):
    from blog import cache as page_cache

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one")
    settings.BASE_DIR = tmp_path
    page_cache.release.cache_clear()
    try:
        first = page_cache.release()
        page.write_text("two")
        page_cache.release.cache_clear()
        assert page_cache.release() != first
    finally:
        page_cache.release.cache_clear()


@pytest.mark.parametrize("served", ["MISS", "HIT"])
def test_a_304_keeps_the_security_headers(client, site, served):
    url = site[0].get_absolute_url()
    if served == "HIT":
        client.get(url)
    else:
        client.cookies["sessionid"] = "nobody"
    first = client.get(url)
    assert first["X-Cache"] == served
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy"):
        assert again[header] == first[header], header


@pytest.mark.parametrize(
    ("path", "public"),
    [
        ("/feeds/rss/", True),
        ("/feeds/atom/", True),
        ("/category/pain/feed/rss/", True),
        ("/tag/back-pain/feed/atom/", True),
        ("/sitemap.xml", True),
        ("/sitemap-articles.xml", True),
        ("/robots.txt", True),
        ("/feeds/", False),  # an editor may make a page with the slug "feeds"
        ("/feeds/rss/extra/", False),
        ("/category/pain/", False),
        ("/articles/feeds/rss/", False),
        ("/robots.txt.html", False),
    ],
)
def test_only_feeds_sitemaps_and_robots_are_public(path, public):
    assert PageCacheMiddleware(lambda request: None).public(path) is public


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/articles/?page=2", True),
        ("/articles/?page=last", True),
        ("/articles/?page=02", False),  # the same page as ?page=2: rendered, not kept again
        ("/?page=2", False),  # the home page has no pages
        ("/?page=99999999", False),
    ],
)
def test_only_real_page_numbers_of_paginated_pages_are_kept(client, url, kept):
    for number in range(12):
        ArticleFactory(published_at=timezone.now() - timedelta(hours=number + 1))
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == ("HIT" if kept else "MISS")
