"""The page cache and the fragments: what readers get, and how fresh, after every kind of write.

The content version is read from the database on each request, so these tests use the real
database triggers: a write of any kind (a service, a save, QuerySet.update(), raw SQL) must
show on the very next request. Time is moved with time-machine, never slept.
"""

import contextlib
import logging
import socket
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Category
from blog.services import article_publish, article_unpublish
from comments.models import Comment
from core.cache import PageCacheMiddleware
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

# A Redis nobody listens on: every cache call fails at once.
DOWN = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def local_cache(settings):
    """Django's local-memory cache, whose expiry follows the time these tests move (a Redis
    server keeps its own clock)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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
        reverse("blog:feed-rss"),
    ]


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def text(response):
    return response.content.decode()


def test_second_anonymous_request_is_a_hit_with_one_query(client, site, django_assert_num_queries):
    """The hit reads only the content version (with the next scheduled change)."""
    url = site[0].get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(1):
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
        assert "Hidden draft" in text(response), url
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editing_shows_the_new_title_everywhere_at_the_next_request(client, site):
    shown, _draft = site
    urls = [*public_urls(shown), shown.get_absolute_url()]
    warm(client, urls)
    shown.title = "Retitled piece"
    shown.save()
    for url in urls:
        content = text(client.get(url))
        assert "Retitled piece" in content and "Already out" not in content, url


def test_unpublishing_removes_the_article_at_the_next_request(client, site, editor):
    shown, _draft = site
    urls = public_urls(shown)
    warm(client, [*urls, shown.get_absolute_url()])
    article_unpublish(articles=Article.objects.filter(pk=shown.pk), by=editor)
    for url in urls:
        assert "Already out" not in text(client.get(url)), url
    assert client.get(shown.get_absolute_url()).status_code == 404


def test_tagging_and_renaming_a_category_show_at_the_next_request(client, site):
    shown, _draft = site
    new_tag = TagFactory(name="circadian", slug="circadian")
    warm(client, [new_tag.get_absolute_url(), reverse("blog:home")])
    shown.tags.add(new_tag)
    assert "Already out" in text(client.get(new_tag.get_absolute_url()))
    shown.category.name = "Sleep and rest"
    shown.category.save()
    assert "Sleep and rest" in text(client.get(reverse("blog:home")))


def test_queryset_updates_and_raw_sql_show_at_the_next_request(client, site):
    """No signal is sent for these; the database's triggers count them all the same."""
    shown, _draft = site
    url = reverse("blog:home")
    warm(client, [url])
    Article.objects.filter(pk=shown.pk).update(title="Renamed by update()")
    assert "Renamed by update()" in text(client.get(url))
    warm(client, [url])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE blog_category SET name = %s", ["Renamed in SQL"])
    assert "Renamed in SQL" in text(client.get(url))


def test_a_write_made_while_the_cache_is_down_shows_once_it_is_back_with_old_data(
    client, site, editor
):
    """The cache comes back holding the pages it had before the outage: none of them is
    served, because the version they were kept under is not the database's any more."""
    shown, draft = site
    urls = public_urls(shown)
    warm(client, urls)
    with override_settings(CACHES=DOWN):
        article_publish(articles=Article.objects.filter(pk=draft.pk), by=editor)
        assert "Hidden draft" in text(client.get(reverse("blog:home")))
    for url in urls:  # the local cache kept its old pages all along
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Hidden draft" in text(response), url


def test_a_cached_page_expires_after_page_cache_seconds(client, site, settings, local_cache):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("blog:home")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert client.get(url)["X-Cache"] == "HIT"
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert client.get(url)["X-Cache"] == "MISS"


def test_a_scheduled_article_appears_once_its_time_has_come(client, site, member, local_cache):
    """Pages are kept no longer than the next scheduled publish time, for visitors (whole
    pages) and members (fragments) alike."""
    shown, _draft = site
    start = timezone.now()
    coming = ArticleFactory(
        title="Coming soon", category=shown.category, published_at=start + timedelta(seconds=90)
    )
    urls = [reverse("blog:home"), shown.category.get_absolute_url(), shown.get_absolute_url()]
    with time_machine.travel(start, tick=False):
        warm(client, urls[:2])
        assert client.get(coming.get_absolute_url()).status_code == 404
        client.force_login(member)
        assert "Coming soon" not in text(client.get(shown.get_absolute_url()))
        client.logout()
    with time_machine.travel(start + timedelta(seconds=91), tick=False):
        for url in urls[:2]:
            response = client.get(url)
            assert response["X-Cache"] == "MISS", url
            assert "Coming soon" in text(response), url
        assert client.get(coming.get_absolute_url()).status_code == 200
        client.force_login(member)  # the next-article link and related cards
        assert "Coming soon" in text(client.get(shown.get_absolute_url()))


def test_members_are_never_served_a_cached_page(client, site):
    url = site[0].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    for member in (UserFactory(), UserFactory()):
        client.force_login(member)
        assert "X-Cache" not in client.get(url)
        assert "X-Cache" not in client.get(url)
        client.logout()


def test_members_never_see_another_members_page(client, site):
    """Their names, saved state and pending comments are theirs, whatever was rendered
    for another member just before."""
    shown, _draft = site
    url = shown.get_absolute_url()
    first = UserFactory(display_name="First Reader")
    second = UserFactory(display_name="Second Reader")
    shown.bookmarks.create(user=first)
    CommentFactory(article=shown, author=first, body="Mine, awaiting approval.", status="pending")
    client.force_login(first)
    own = text(client.get(url))
    assert "Mine, awaiting approval." in own and 'aria-pressed="true"' in own
    client.force_login(second)
    theirs = text(client.get(url))
    assert "Mine, awaiting approval." not in theirs
    assert 'aria-pressed="true"' not in theirs
    assert ">Edit<" not in theirs


def test_a_page_rendered_for_staff_is_not_stored_for_anyone(client, site, editor):
    _shown, draft = site
    client.force_login(editor)
    preview = text(client.get(draft.get_absolute_url()))
    assert "only its author and editors can see this preview" in preview
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_of_a_draft_is_not_kept_for_its_published_self(client, site, editor, member):
    _shown, draft = site
    client.force_login(editor)
    client.get(draft.get_absolute_url())
    article_publish(articles=Article.objects.filter(pk=draft.pk), by=editor)
    client.force_login(member)
    page = text(client.get(draft.get_absolute_url()))
    assert "only its author and editors can see this preview" not in page


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_AUTHORIZATION": "Bearer x"}, {"HTTP_COOKIE": "sessionid=stale"}],
    ids=["authorization", "session-cookie"],
)
def test_requests_with_credentials_or_cookies_bypass_the_cache(client, site, headers):
    url = reverse("blog:home")
    client.get(url)
    assert "X-Cache" not in client.get(url, **headers)


def test_the_csrf_cookie_alone_does_not_bypass_the_cache(client, site):
    url = reverse("blog:home")
    client.get(url)
    assert client.get(url, HTTP_COOKIE="csrftoken=abc")["X-Cache"] == "HIT"


def test_query_strings_other_than_page_bypass_the_cache(client, site):
    url = reverse("blog:list")
    for query in ("?page=1", "?utm_source=newsletter"):
        client.get(url + query)
    assert client.get(url + "?page=1")["X-Cache"] == "HIT"
    assert "X-Cache" not in client.get(url + "?utm_source=newsletter")


@pytest.mark.parametrize("url", ["/articles/?page=01", "/?page=2", "/articles/?page=1&page=1"])
def test_only_real_page_numbers_of_paginated_pages_are_kept(client, site, url):
    client.get(url)
    assert client.get(url).get("X-Cache") != "HIT"


def test_pages_past_the_end_and_unknown_slugs_are_404_and_not_kept(client, site):
    for url in ("/articles/?page=9", "/tag/no-such-tag/", "/category/nope/"):
        assert client.get(url).status_code == 404
        assert client.get(url)["X-Cache"] == "MISS", url


def test_head_requests_are_answered_from_the_cache(client, site):
    url = reverse("blog:home")
    client.get(url)
    assert client.head(url)["X-Cache"] == "HIT"


def test_a_page_cache_hit_never_carries_a_cookie(client, site):
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


@pytest.mark.urls("tests.core.cache_urls")
@pytest.mark.parametrize("path", ["/csrf/", "/cookie/", "/message/", "/session/", "/private/"])
def test_pages_that_set_cookies_or_are_private_are_never_stored(client, path):
    client.get(path)
    client.cookies.clear()
    assert client.get(path)["X-Cache"] == "MISS"


@pytest.mark.urls("tests.core.cache_urls")
def test_a_plain_page_is_stored(client):
    client.get("/plain/")
    assert client.get("/plain/")["X-Cache"] == "HIT"


def test_every_port_of_an_allowed_host_shares_one_page(client, site, settings):
    """Keyed on the host name only: changing the port makes no new copy of a page."""
    settings.ALLOWED_HOSTS = ["localhost"]
    url = reverse("blog:home")
    client.get(url, HTTP_HOST="localhost:4444")
    for port in range(5000, 5050):
        assert client.get(url, HTTP_HOST=f"localhost:{port}")["X-Cache"] == "HIT"
    assert client.get(url, HTTP_HOST="LOCALHOST")["X-Cache"] == "HIT"
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


def test_the_request_host_never_reaches_the_site_name(client, site, member, settings):
    """Django's sign-in view puts the request's host in its context as `site_name`; no page
    and no fragment kept after it shows that host."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    login = client.get(reverse("accounts:login"), HTTP_HOST="localhost:4444")
    assert "localhost:4444" not in text(login)
    shown = site[0]
    for who in ("visitor", "member"):
        if who == "member":
            client.force_login(member)
        for url in (shown.get_absolute_url(), reverse("blog:home")):
            page = text(client.get(url, HTTP_HOST="localhost:4444"))
            assert "localhost:4444" not in page, (who, url)
            assert '<a class="site-name" href="/">Folio</a>' in page, (who, url)
    for url in (
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
    ):
        for port in (4444, 5555):  # the first answer is kept, the second served from it
            page = text(client.get(url, HTTP_HOST=f"localhost:{port}"))
            assert "localhost:" not in page and "http://testserver/" in page, url


def test_conditional_requests_get_304_with_the_security_headers(client, site):
    shown, _draft = site
    url = shown.get_absolute_url()
    first = client.get(url)
    for served in ("MISS", "HIT"):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert by_etag.status_code == 304, served
        assert by_etag.content == b""
        assert by_etag["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert by_etag["X-Frame-Options"] == "DENY"


def test_the_etag_changes_with_the_page(client, site):
    shown, _draft = site
    url = shown.get_absolute_url()
    before = client.get(url)["ETag"]
    shown.summary = "A new summary."
    shown.save()
    assert client.get(url)["ETag"] != before


def test_pages_are_served_uncached_when_redis_is_down(client, site, caplog, member):
    shown, _draft = site
    with override_settings(CACHES=DOWN), caplog.at_level(logging.WARNING, logger="core.cache"):
        for url in [*public_urls(shown), shown.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Cache"] == "MISS"
            assert "Already out" in text(response)
        assert "Cache unavailable" in caplog.text
        client.force_login(member)  # the fragments too
        assert "Already out" in text(client.get(shown.get_absolute_url()))


def test_while_the_database_is_down_readers_get_kept_pages_and_the_rest_a_503(
    client, site, member, settings, request
):
    """Nothing can change while the database is down, so what is kept is still current."""
    settings.DEBUG = False
    shown, _draft = site
    kept = public_urls(shown)[:2]
    warm(client, kept)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(member)
    request.getfixturevalue("database_down")
    visitor = Client(raise_request_exception=False)
    for url in kept:
        response = visitor.get(url)
        assert (response.status_code, response["X-Cache"]) == (200, "HIT"), url
        assert "Already out" in text(response)
    for response in [visitor.get(shown.get_absolute_url()), signed_in.get(kept[0])]:
        assert response.status_code == 503
        assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
        assert "We will be back in a moment" in text(response)


class SilentServer:
    """A TCP server on loopback that accepts connections and never answers: a frozen Redis."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.socket.getsockname()[1]}/0"

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.socket.accept()[0])

    def close(self):
        self.socket.close()
        for connection_ in self.accepted:
            connection_.close()


@pytest.fixture
def frozen_redis(settings):
    server = SilentServer()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield server
    server.close()


def test_a_frozen_cache_server_is_asked_once_then_left_alone_for_a_while(
    client, site, member, settings, frozen_redis, caplog
):
    """One timeout, then REDIS_RETRY_SECONDS of answering without it: pages are not held up
    by one timeout per cache call."""
    settings.REDIS_RETRY_SECONDS = 3600
    shown, _draft = site
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for url in [*public_urls(shown), shown.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 200, url
    assert len(frozen_redis.accepted) == 1
    assert caplog.text.count("Cache unavailable") == 1


def test_the_cache_server_is_asked_again_after_redis_retry_seconds(
    client, site, settings, frozen_redis
):
    settings.REDIS_RETRY_SECONDS = 0
    shown, _draft = site
    client.get(shown.get_absolute_url())
    client.get(shown.get_absolute_url())
    assert len(frozen_redis.accepted) >= 2


def test_static_and_media_files_never_touch_the_page_cache(rf, settings, caplog):
    """WhiteNoise or the web server serves them: no version read, no cache round trip."""
    middleware = PageCacheMiddleware(lambda request: HttpResponse("file"))
    with override_settings(CACHES=DOWN), caplog.at_level(logging.WARNING, logger="core.cache"):
        for path in ("/static/css/site.css", f"{settings.MEDIA_URL}covers/a.jpg"):
            assert "X-Cache" not in middleware(rf.get(path)), path
        assert not caplog.records  # the cache was never asked
        assert middleware(rf.get("/"))["X-Cache"] == "MISS"
        assert caplog.records  # a page is: here it is down


def test_with_the_page_cache_off_every_request_is_rendered(client, site, settings, member):
    settings.PAGE_CACHE_SECONDS = 0
    shown, _draft = site
    url = shown.get_absolute_url()
    client.get(url)
    assert "X-Cache" not in client.get(url)
    client.force_login(member)
    client.get(url)
    Article.objects.filter(pk=shown.pk).update(title="Fresh title")
    assert "Fresh title" in text(client.get(url))


# Members: fragments of the article page, kept by the content version.


@pytest.fixture
def discussed(site):
    shown, _draft = site
    CommentFactory(article=shown, body="A first, visible comment.")
    return shown


def test_a_member_without_comments_here_sees_the_thread_with_their_own_buttons(
    client, discussed, member
):
    client.force_login(member)
    url = discussed.get_absolute_url()
    for _ in range(2):  # rendered, then from the cache
        page = text(client.get(url))
        assert "A first, visible comment." in page
        assert "Reply<" in page
        assert 'name="body"' in page  # the member's own form, with their CSRF token
        assert "Sign out" in page


def test_a_members_own_pending_comment_and_edit_link_are_theirs_alone(client, discussed):
    author, other = UserFactory(), UserFactory()
    url = discussed.get_absolute_url()
    client.force_login(other)
    client.get(url)  # the thread is kept without the pending comment
    CommentFactory(article=discussed, author=author, body="Waiting for approval.", status="pending")
    client.force_login(author)
    page = text(client.get(url))
    assert "Waiting for approval." in page and ">Edit<" in page
    client.force_login(other)
    page = text(client.get(url))
    assert "Waiting for approval." not in page and ">Edit<" not in page


def test_approving_editing_and_renaming_show_on_the_thread_at_the_next_request(
    client, discussed, member, editor
):
    url = discussed.get_absolute_url()
    held = CommentFactory(article=discussed, body="Held for a moderator.", status="pending")
    client.force_login(member)
    assert "Held for a moderator." not in text(client.get(url))
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.VISIBLE)
    assert "Held for a moderator." in text(client.get(url))
    held.refresh_from_db()
    held.body = "Edited by its author."
    held.save()
    assert "Edited by its author." in text(client.get(url))
    held.author.display_name = "A New Name"
    held.author.save()
    assert "A New Name" in text(client.get(url))


def test_a_new_neighbour_and_related_article_show_to_members_at_the_next_request(
    client, site, member
):
    shown, _draft = site
    client.force_login(member)
    url = shown.get_absolute_url()
    client.get(url)
    ArticleFactory(title="A newer neighbour", category=shown.category)
    page = text(client.get(url))
    assert "Next article" in page and "A newer neighbour" in page


def test_a_refused_comment_keeps_its_text_after_blank_forms_were_rendered(client, discussed):
    """The member's words come back in the form, whatever was rendered for others before."""
    client.force_login(UserFactory())
    client.get(discussed.get_absolute_url())
    client.force_login(UserFactory())
    url = reverse("comments:post", args=[discussed.slug])
    assert client.post(url, {"body": "Please keep these words."}).status_code == 302
    refused = client.post(url, {"body": "Please keep these words."})
    assert refused.status_code == 400
    assert "You have just posted this same comment." in text(refused)
    assert "Please keep these words.</textarea>" in text(refused)


def test_the_header_marks_the_current_section_and_shows_renamed_categories(client, site):
    shown, _draft = site
    other = CategoryFactory(name="Movement", slug="movement")
    client.get(other.get_absolute_url())
    page = text(client.get(shown.category.get_absolute_url()))
    assert f'href="{shown.category.get_absolute_url()}" aria-current="page"' in page
    assert f'href="{other.get_absolute_url()}" aria-current' not in page
    assert 'aria-current="page">All articles' in text(client.get(reverse("blog:list")))
    Category.objects.filter(pk=other.pk).update(name="Movement and exercise")
    assert ">Movement and exercise</a>" in text(client.get(reverse("blog:home")))


def test_the_search_box_shows_the_words_only_on_the_search_page(client, site):
    client.get(reverse("blog:search") + "?q=sleep")
    page = text(client.get(reverse("blog:home")))
    assert 'name="q" value=""' in page
    assert 'name="q" value="sleep"' in text(client.get(reverse("blog:search") + "?q=sleep"))
