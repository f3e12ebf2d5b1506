"""The anonymous page cache and the content version that keeps it fresh.

Readers who are not signed in get whole pages from the cache (Redis in production, local
memory otherwise). Nothing is ever deleted page by page: every public page is stored with the
*content version* read before it was rendered, and any write to a model shown on public pages
bumps that version, so every stored page is stale on the very next request.

To make another model's writes refresh the public pages, call `watch(Model)` once, in its app's
`AppConfig.ready()`:

    from blog.cache import watch
    watch(Page)

Readers the page cache cannot serve (members, anyone with a session) still get the parts of a
page that are the same for everyone from the cache: `shared()`, used through the `{% shared %}`
template tag and for the article itself, keeps them by the same content version. Small
site-wide lists read from one model (the header's categories, the footer's links) are kept by
that model's own version with `versioned()`, so they outlive edits to articles and comments.
Each server process also keeps its own copy of the pages, fragments and lists it serves
(`memory`), checked against the versions read once per request.

Settings: PAGE_CACHE_SECONDS (0 turns the cache off), PAGE_CACHE_EXCLUDE (path prefixes that
are never cached), PAGE_CACHE_QUERY_PARAMS (query parameters a cached page may carry),
PAGE_CACHE_PUBLIC (patterns of paths that are the same for every reader, signed in or not).
"""

import contextvars
import functools
import hashlib
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from .conditional import set_content_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "folio:content-version"
NEXT_PUBLISH_KEY = "folio:next-publish"
# Every key also carries the release (kept_key()): processes of different releases, during a
# rolling deploy, never read each other's entries.
PAGE_KEY_PREFIX = "folio:page2:"
SHARED_KEY_PREFIX = "folio:shared:"
LIST_KEY_PREFIX = "folio:list:"
LIST_SECONDS = 300  # how long versioned() keeps a list when the page cache is off
# What the cache knows for the request being served, set up by PageCacheMiddleware: "versions",
# every version read in one round trip and kept for the request; "down", set once a cache read
# has failed (one warning per request, and no second wait for a server that is not there);
# "started", when the request began (see render_started()).
# None outside a request: then nothing is kept.
_request = contextvars.ContextVar("folio_cache_request", default=None)
# The version keys of the models versioned() lists are kept by, read with the content version.
_list_version_keys = []
# Vary values that do not change an anonymous reader's page; anything else is not stored.
HARMLESS_VARY = {"cookie", "accept-encoding"}


# What a release is made of (release()): everything that shapes a page or a kept object.
RELEASE_FOLDERS = ("accounts", "blog", "config", "pages", "static", "templates")


@functools.cache
def release():
    """This release of the code, templates and static files: part of every stored page's,
    piece's and list's key, so that after a deploy nothing rendered by the previous release is
    served (not even before the first write), and during a rolling deploy old and new
    processes never read each other's entries. A hash of the project's Python files, templates
    and static files, worked out once per process."""
    digest = hashlib.md5(usedforsecurity=False)
    root = Path(settings.BASE_DIR)
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def kept_key(prefix, name):
    """The cache key of what is kept under `name` by this release (PAGE_KEY_PREFIX,
    SHARED_KEY_PREFIX or LIST_KEY_PREFIX)."""
    return f"{prefix}{release()}:{name}"


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def bump_content_version(sender=None, action=None, **kwargs):
    """Make every cached page stale. Connected to the signals of watched models.

    The `sender`, a watched model, also gets its own version bumped: lists kept with
    `versioned(…, model=sender)` change only with it.

    Runs at once, and again when the transaction commits: at once so the writer's own next
    request is fresh, on commit so a page rendered from the not-yet-committed state in between
    is not kept. The next scheduled publish time is worked out here, on the editor's write,
    so that readers' pages never pay for it. A cache outage is logged, never raised into the
    editor's save.
    """
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed also fires before the change
    keys = [VERSION_KEY] if sender is None else [VERSION_KEY, model_version_key(sender)]
    _bump(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


def model_version_key(model):
    return f"{VERSION_KEY}:{model._meta.label_lower}"


def _bump(keys):
    state = _request.get()
    if state is not None:
        state["versions"] = None  # the rest of this request reads the new ones
    try:
        for key in keys:
            try:
                version = cache.incr(key)
            except ValueError:
                # Missing (never set, evicted or flushed): start from the clock, which is
                # larger than any version handed out before, so no old page can match it.
                version = time.time_ns()
                cache.set(key, version, None)
            if key == VERSION_KEY:
                cache.set(NEXT_PUBLISH_KEY, (version, next_publish_time()), None)
    except Exception:
        logger.exception("Could not bump the page cache's content version.")


def current_version(key=VERSION_KEY):
    """The content version, starting one from the clock if the cache has none (see _bump)."""
    cache.add(key, time.time_ns(), None)
    return cache.get(key)


def watch(model):
    """Refresh the public pages whenever `model` is saved, deleted or its many-to-many changes."""
    uid = f"folio-page-cache-{model._meta.label_lower}"
    post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(bump_content_version, sender=through, dispatch_uid=f"{uid}-{through}")


def versioned(name, compute, *, model):
    """`compute()`, kept in the cache until `model` (a watched model) changes, and for
    PAGE_CACHE_SECONDS (LIST_SECONDS with the page cache off) at most.

    For small site-wide lists every page shows (the header's categories, the footer's links),
    read from that one model: an uncached page then reads them from this process's memory, or
    with one cache round trip, instead of a query, even right after an article or a comment has
    changed the content version. The value must pickle. Falls back to `compute()` when the
    cache is down.
    """
    version_key = model_version_key(model)
    if version_key not in _list_version_keys:
        _list_version_keys.append(version_key)  # read_versions() reads it from now on

    def version_of(versions):
        if versions.get(version_key) is None:
            versions[version_key] = current_version(version_key)
        return versions[version_key]

    def expiry_of(versions, started):
        # A finite life even with the page cache off: the URLs in these lists can change with
        # a deploy, when no model version does.
        return started + (page_cache_seconds() or LIST_SECONDS)

    key = kept_key(LIST_KEY_PREFIX, name)
    return _through_cache(name, key, version_of, expiry_of, compute)


def next_publish_time():
    """The earliest publish time still in the future (a timestamp), or None: when lists change."""
    from .models import Article

    at = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(at=Min("published_at"))["at"]
    return at.timestamp() if at else None


def fresh_next_publish(versions, now):
    """The next scheduled publish time from `versions` (read_versions()) if it is still good for
    this content version and was not past at `now`; else worked out again and stored."""
    version, cached = versions[VERSION_KEY], versions.get(NEXT_PUBLISH_KEY)
    if cached is None or cached[0] != version or (cached[1] is not None and cached[1] <= now):
        cached = versions[NEXT_PUBLISH_KEY] = (version, next_publish_time())
        cache.set(NEXT_PUBLISH_KEY, cached, None)
    return cached[1]


def read_versions():
    """The content version, the next publish time and the versions of the models site-wide lists
    are kept by (versioned()), in one cache round trip. In a request they are read once and
    kept until it ends (or until it bumps them itself)."""
    state = _request.get()
    if state is not None and state["versions"] is not None:
        return state["versions"]
    found = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY, *_list_version_keys])
    if found.get(VERSION_KEY) is None:
        found[VERSION_KEY] = current_version()
    if state is not None:
        state["versions"] = found
    return found


def render_started():
    """When the request being served started (now outside a request): what a value kept from
    it was computed from may have been read as early as that, so its expiry counts from then.
    A piece rendered just after a scheduled article went live, from a list the view read just
    before, is then already expired and not kept."""
    state = _request.get()
    return time.time() if state is None else state["started"]


def cache_down():
    """Whether a cache read has already failed in this request."""
    state = _request.get()
    return state is not None and state["down"]


def _mark_down():
    state = _request.get()
    if state is not None:
        state["down"] = True


class Memory:
    """This process's own copy of recently used pages, fragments and lists, each with the
    version and the expiry time it has in the shared cache, so that a request whose versions
    say it is current need not fetch it again. Bounded: the least recently used go first."""

    MISSING = object()

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gthread workers share it

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version or entry[1] <= time.time():
                return self.MISSING
            self.entries.move_to_end(key)
            return entry[2]

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


# Pages, fragments and lists: at most this many entries per server process (about 50 kB each
# for an article page, so some 25 MB at most).
memory = Memory(size=512)


def _recall(key, version):
    """The value kept under `key` for `version`: from this process's memory, else from the
    cache (and then remembered here too); Memory.MISSING if neither has it."""
    value = memory.get(key, version)
    if value is Memory.MISSING:
        entry = cache.get(key)
        if entry is not None and entry[0] == version and entry[1] > time.time():
            memory.put(key, entry)
            value = entry[2]
    return value


def _keep(key, version, value, expires):
    """Keep `value` for `version` in the cache and in this process's memory until `expires` (a
    timestamp worked out before the value was, so the time it took does not lengthen it)."""
    timeout = math.ceil(expires - time.time())  # entries also carry `expires` itself
    if timeout <= 0:
        return
    entry = (version, expires, value)
    cache.set(key, entry, timeout)
    memory.put(key, entry)


def shared(name, compute, keep=None):
    """`compute()`: a piece of a page, or the data behind one, that is the same for everyone it
    is shown to, kept like a whole page (until the content version changes, the next scheduled
    article goes live, or PAGE_CACHE_SECONDS pass) under `name`, which must say everything it
    depends on. The value must pickle.

    This is what keeps pages fast for readers the page cache cannot serve, signed-in members
    above all: the article, its body and its comment thread are read and rendered once per
    content version, not once per reader, and each server process keeps its own copy of the
    ones it serves. Templates use it through the `{% shared %}` tag (blog/templatetags/
    fragments.py). With the page cache off, or the cache down, it just computes.

    `keep`, if given, is asked again once the value is computed, and the value is stored only
    if it still says yes (the reader's state may have changed in between).
    """
    if page_cache_seconds() <= 0:
        return compute()
    key = kept_key(SHARED_KEY_PREFIX, hashlib.md5(name.encode(), usedforsecurity=False).hexdigest())
    return _through_cache(name, key, itemgetter(VERSION_KEY), expiry, compute, keep)


def once(compute):
    """A callable that calls `compute()` the first time and then returns what it returned.

    For values a view hands to shared fragments (see ArticleDetailView): the template calls
    them only when it renders a fragment that is not in the cache. functools.cache does the
    same, but building one took about 10 µs, several times on every article page.
    """
    result = []

    def value():
        if not result:
            result.append(compute())
        return result[0]

    return value


def expiry(versions, started):
    """When something rendered from the content of `versions` (read_versions()), starting at
    `started` (render_started()), must go: PAGE_CACHE_SECONDS later, or when the next scheduled
    article goes live if that is sooner. Counted from the start of the render, so that a render
    during which an article went live is already expired and not kept at all."""
    return started + cache_timeout(fresh_next_publish(versions, started), now=started)


def _through_cache(label, key, version_of, expiry_of, compute, keep=None):
    """compute()'s value, kept under `key` for the version `version_of(versions)` gives: from
    this process's memory or the cache when they have it, else computed and stored, until
    `expiry_of(versions, started)`, if `keep()` (when given) still agrees. Computes without the
    cache, with one warning, when the cache is down.

    The expiry is worked out only to store a value: one that is kept carries its own, which
    was never later than the next scheduled publish time known when it was stored (and a
    newly scheduled article is a write, so a new version).
    """
    if cache_down():
        return compute()
    try:
        versions = read_versions()
        version = version_of(versions)
        value = _recall(key, version)
    except Exception:
        logger.warning("Cache unavailable; %s computed uncached.", label)
        _mark_down()
        return compute()
    if value is not Memory.MISSING:
        return value
    started = render_started()
    value = compute()  # outside the try: its errors (an Http404, a bug) are its own
    if keep is None or keep():
        try:
            _keep(key, version, value, expiry_of(versions, started))
        except Exception:
            logger.warning("Cache unavailable; %s not stored.", label)
    return value


def cache_timeout(next_publish, now=None):
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short by the next scheduled article."""
    timeout = page_cache_seconds()
    if next_publish is not None:
        timeout = min(timeout, math.floor(next_publish - (now or time.time())))
    return max(timeout, 0)


# A page number the page cache keys on: 1 to 999999 without leading zeros, or "last".
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}|last")
# Set on the request by a view that paginates (see paginated()).
PAGINATED = "folio_paginated"


def paginated(request):
    """Say that this request's page used its page number: only then is it stored with it."""
    setattr(request, PAGINATED, True)


@functools.lru_cache(maxsize=8)
def _one_pattern(patterns):
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests from the cache; store what is safe to share.

    Sits at the top of MIDDLEWARE, under ConditionalGetMiddleware only: a hit skips all the
    rest (security headers, CSP, sessions, CSRF, auth, messages), the URL resolver and the
    view, so it costs no query, and replays the headers the page was stored with; a miss is
    stored only after they have all had their say on the response. Static and media files
    are left alone (see `excluded()`).

    A request is served from the cache only when it carries no credentials: no session cookie
    (without one nobody is signed in), no messages cookie, no Authorization header, and no
    authenticated `request.user` if something above has set one. A response is stored only
    when it is a 200 that sets no cookie (no CSRF token, no message, no session), does not
    vary on anything but Cookie, and is not private, no-cache or no-store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Whatever the cache does in this request (pages, fragments, site-wide lists), a failure
        # marks it down until the request ends: one warning, and no second wait for it.
        token = _request.set({"versions": None, "down": False, "started": time.time()})
        try:
            return self.serve(request)
        finally:
            _request.reset(token)

    def serve(self, request):
        if page_cache_seconds() <= 0 or request.path.startswith(self.excluded()):
            return self.get_response(request)
        key = self.page_key(request)
        if key is None:
            return self.miss(self.get_response(request))
        try:
            versions = read_versions()
            page = self.read(key, versions[VERSION_KEY])
        except Exception:
            logger.warning("Page cache unavailable; serving %s uncached.", request.path)
            _mark_down()
            return self.miss(self.get_response(request))
        if page is not None:
            return self.hit(page)
        started = render_started()
        response = self.get_response(request)
        if request.method == "GET" and self.storable(request, response):
            self.store(request, key, response, versions, started)
        return self.miss(response)

    def excluded(self):
        """PAGE_CACHE_EXCLUDE, and the static and media files, which are served as files."""
        urls = (settings.STATIC_URL, settings.MEDIA_URL)
        return (
            *getattr(settings, "PAGE_CACHE_EXCLUDE", ()),
            *(url for url in urls if url and url.startswith("/")),
        )

    def page_key(self, request):
        """The cache key for this request, or None when the request must not use the cache."""
        if request.method not in ("GET", "HEAD"):
            return None
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        cookies = request.COOKIES
        user = getattr(request, "user", None)
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or CookieStorage.cookie_name in cookies
            or (user is not None and user.is_authenticated)
        ) and not self.public(request.path):
            return None
        query = self.query(request)
        if query is None:
            return None
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        return kept_key(
            PAGE_KEY_PREFIX, hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        )

    def public(self, path):
        """Whether `path` matches PAGE_CACHE_PUBLIC: a page that is the same for every reader,
        signed in or not (feeds, sitemaps), served from the cache whatever cookies come with
        the request. It is still stored only if it set no cookie (see `storable()`)."""
        patterns = tuple(getattr(settings, "PAGE_CACHE_PUBLIC", ()))
        return bool(patterns) and _one_pattern(patterns).fullmatch(path) is not None

    def query(self, request):
        """The query string in a canonical order, or None if it has parameters we do not key on.

        The parameters allowed (PAGE_CACHE_QUERY_PARAMS) carry page numbers: only their
        canonical form (digits, no leading zero, or "last") is keyed on, so "?page=007" and the
        like are rendered but never stored. A page is stored with its query string only if its
        view used it (see `paginated()`)."""
        allowed = getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ("page",))
        params = request.GET
        if any(name not in allowed for name in params):
            return None
        if any(
            len(params.getlist(name)) > 1 or not PAGE_NUMBER.fullmatch(params[name])
            for name in params
        ):
            return None
        return "&".join(f"{name}={params[name]}" for name in sorted(params))

    def read(self, key, version):
        """The stored page if it is current, else None: from this process's memory when it has
        the current one, which spares moving the whole page out of the cache each time."""
        page = _recall(key, version)
        return None if page is Memory.MISSING else page

    def storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.GET and not getattr(request, PAGINATED, False):
            return False  # "/?page=5" on a page that has no pages is not one more page to keep
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and (messages.added_new or messages.used):
            return False
        cache_control = {
            directive.split("=")[0].strip().lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & {"private", "no-store", "no-cache"}:
            return False
        vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value}
        return vary <= HARMLESS_VARY

    def store(self, request, key, response, versions, started):
        """Keep the page under the versions read before it was rendered, whose render began at
        `started`, whatever has happened since."""
        try:
            version, expires = versions[VERSION_KEY], expiry(versions, started)
            # Hashing once here spares ConditionalGetMiddleware doing it on every hit.
            set_content_etag(response)
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("x-cache", "content-length")
            ]
            _keep(key, version, (response.status_code, headers, response.content), expires)
        except Exception:
            logger.warning("Page cache unavailable; %s not stored.", request.path)

    def hit(self, page):
        status, headers, content = page
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Cache"] = "HIT"
        return response

    def miss(self, response):
        response["X-Cache"] = "MISS"
        return response
