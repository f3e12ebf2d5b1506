"""The page cache, and the content version that keeps it and the template fragments fresh.

The *content version* is one number in the database (`ContentVersion`). Database triggers on
every table public pages read add one to it in the writing transaction, so every write counts:
the admin, services, `QuerySet.update()`, `bulk_create()`, a migration, raw SQL, and a write
made while the cache server was unreachable. Every cache key carries the version read at the
start of the request, so a page or fragment stored before a write is never served after it,
whatever the cache holds. An app declares what its public pages show in `AppConfig.ready()`:

    watch(Page)                                   # its table and its many-to-many tables
    watch(get_user_model(), fields=["display_name"])   # only changes of these columns
    watch_schedule(Article.objects.scheduled(now=Now()).values("published_at"))

`PageCacheMiddleware` keeps whole pages for readers without cookies; signed-in readers get
Django's `{% cache %}` fragments keyed on `content_version` (see templates/blog/).
"""

import hashlib
import logging
import math
import re
import time
from datetime import UTC
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import cc_delim_re
from django.utils.dateparse import parse_datetime
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from .conditional import set_content_etag

logger = logging.getLogger(__name__)

_watched = {}  # table -> columns whose updates count (None: all)
_schedules = []
_last_read = []  # the version this process read last, for when the database is down
# A canonical page number: 1 to 999999 without leading zeros, or "last".
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}|last")
HARMLESS_VARY = {"cookie", "accept-encoding"}


def watch(model, *, fields=None):
    """Count every write to `model`'s table (and its many-to-many tables) as a content change;
    with `fields`, only updates of those columns and deletes (a new row of such a model, a
    new member say, shows nowhere until another watched write puts it there)."""
    if fields is not None:
        _watched[model._meta.db_table] = [model._meta.get_field(f).column for f in fields]
        return
    _watched[model._meta.db_table] = None
    for field in model._meta.local_many_to_many:
        if field.remote_field.through._meta.auto_created:
            _watched[field.remote_field.through._meta.db_table] = None


def watch_schedule(moments):
    """`moments`, a queryset of one datetime column compared with the database's Now(), holds
    when public pages change without a write (scheduled articles going live): nothing is kept
    past the earliest. Read in the same query as the content version."""
    _schedules.append(moments)


class Version(NamedTuple):
    value: int
    next_change: float | None  # a timestamp: see watch_schedule()
    # Read earlier, the database being unreachable now: pages stored under it may be served,
    # nothing new is stored under it.
    stale: bool = False


def _version_sql():
    """One statement for the version and the next scheduled change, compiled once."""
    if not hasattr(connection, "folio_version_sql"):
        parts, params = ["(SELECT value FROM core_contentversion WHERE id = 1)"], []
        for moments in _schedules:
            field = moments.query.values_select[0]
            earliest = moments.order_by(field)[:1].query.get_compiler(connection=connection)
            sql, sql_params = earliest.as_sql()
            parts.append(f"({sql})")
            params.extend(sql_params)
        connection.folio_version_sql = (f"SELECT {', '.join(parts)}", params)
    return connection.folio_version_sql


BUMP = {
    "sqlite": "INSERT INTO core_contentversion (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = value + 1;",
    "postgresql": "INSERT INTO core_contentversion (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = core_contentversion.value + 1;",
}
PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION core_bump_content_version() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN {BUMP["postgresql"]} RETURN NULL; END $$;"""


def install_triggers(using="default", **kwargs):
    """post_migrate: (re)create the triggers of every watched table. On PostgreSQL they are
    deferred to the commit, so the version row is locked only while a transaction commits."""
    conn = connections[using]
    if conn.vendor not in BUMP:
        raise NotImplementedError(f"No content-version triggers for {conn.vendor}.")
    tables = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for table, columns in _watched.items():
            if table not in tables:
                continue
            if columns:
                events = [f"UPDATE OF {', '.join(columns)}", "DELETE"]
            else:
                events = ["UPDATE", "DELETE", "INSERT"]
            for event in events:
                name = f"core_bump_{table}_{event.split()[0].lower()}"
                on = f" ON {table}" if conn.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
                if conn.vendor == "postgresql":
                    cursor.execute(
                        f"CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} "
                        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                        "EXECUTE FUNCTION core_bump_content_version()"
                    )
                else:
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP['sqlite']} END"
                    )


def read_version(request):
    """The content version (0 before the first write) and the next scheduled change, read
    once per request in one query: the database is the truth, so no cache server, however
    stale its data, can make an old page current. None if the database cannot be read."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None  # nothing is kept: no need to know
    if hasattr(request, "folio_version"):
        return request.folio_version
    try:
        with connection.cursor() as cursor:
            cursor.execute(*_version_sql())
            value, *moments = cursor.fetchone()
        moments = [_timestamp(moment) for moment in moments if moment is not None]
        version = Version(value or 0, min(moments, default=None))
        _last_read[:] = [version]
    except DatabaseError:
        # Nothing can be written while the database is down, so the pages of the last version
        # this process read are still the current ones: readers keep getting them.
        logger.warning("Could not read the content version; serving what is kept, if anything.")
        version = _last_read[0]._replace(stale=True) if _last_read else None
    request.folio_version = version
    return version


def _timestamp(moment):
    if isinstance(moment, str):  # SQLite's text, in UTC
        moment = parse_datetime(moment).replace(tzinfo=UTC)
    return moment.timestamp()


def cache_seconds(version):
    """How long something rendered now from `version` may be kept: PAGE_CACHE_SECONDS, cut
    short by the next scheduled change. Zero means do not keep it."""
    if version is None or version.stale:
        return 0
    seconds = settings.PAGE_CACHE_SECONDS
    if version.next_change is not None:
        seconds = min(seconds, math.floor(version.next_change - time.time()))
    return max(seconds, 0)


class ReusedClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool instead of building one
    (and its table of some 170 reply callbacks) for every cache call: a 45 kB page read takes
    111 µs instead of 243 (README, Caching)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    down_until = 0.0

    def get_client(self, key=None, *, write=False):
        if time.monotonic() < self.down_until:
            raise Skipped("Redis failed a moment ago; not asked again yet.")
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class Skipped(RedisConnectionError):
    """Raised instead of asking a server that has just failed (ResilientRedisCache)."""


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with ReusedClient, and reads and writes of pages and fragments that
    fail soft: an unreachable server is a miss (logged), never an error page.

    Settings give the client short timeouts (REDIS_TIMEOUT), and after a failure the server
    is not asked again for REDIS_RETRY_SECONDS: every operation fails at once meanwhile, so a
    frozen server costs one timeout per process, not one per cache call (5 s each with the
    client's defaults). Callers of add() and incr() catch RedisError themselves.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._failed(error, f"{key} computed afresh")
            return default

    def set(self, key, value, timeout=300, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._failed(error, f"{key} not stored")

    def _failed(self, error, consequence):
        if isinstance(error, Skipped):
            return
        self._cache.down_until = time.monotonic() + settings.REDIS_RETRY_SECONDS
        logger.warning("Cache unavailable (%s); %s.", error, consequence)


class PageCacheMiddleware:
    """Whole pages for readers who send no cookie but the CSRF one, GET or HEAD, and no
    Authorization header. Keyed on the content version, the scheme, the canonical host (the
    ALLOWED_HOSTS name, without a port), the path and a canonical `?page=N`; stored only when
    the response is a 200 that sets no cookie, is not private or no-store, and varies on
    nothing but Cookie. At the top of MIDDLEWARE: a hit skips everything below and replays the
    stored headers. Every GET reads the version here, before the view reads anything, so that
    a write committed during the render makes what it rendered stale, never current.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = (*settings.PAGE_CACHE_EXCLUDE, settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.excluded):
            return self.get_response(request)
        version = read_version(request)
        url = None if version is None else self.cacheable_url(request)
        if url is None:
            return self.get_response(request)
        key = hashlib.md5(f"{version.value}:{url}".encode(), usedforsecurity=False).hexdigest()
        key = f"folio:page:{key}"
        page = cache.get(key)
        if page is not None:
            return self.replay(*page)
        response = self.get_response(request)
        seconds = cache_seconds(version)
        if seconds and request.method == "GET" and self.storable(request, response):
            set_content_etag(response)
            headers = [(k, v) for k, v in response.items() if k != "X-Cache"]
            cache.set(key, (response.content, headers), seconds)
        response["X-Cache"] = "MISS"
        return response

    def cacheable_url(self, request):
        """scheme://host/path?query for a request the cache may serve, else None."""
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
            return None
        params = request.GET
        if set(params) - {"page"} or len(params.getlist("page")) > 1:
            return None
        if params and not PAGE_NUMBER.fullmatch(params["page"]):
            return None
        host, _ = split_domain_port(request.get_host())  # validated against ALLOWED_HOSTS
        # The scheme too: a plain-HTTP request must reach the HTTPS redirect below.
        return f"{request.scheme}://{host}{request.path}?{params.urlencode()}"

    def storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.GET:  # ?page=N is one more page only where the view paginates
            view = getattr(getattr(request.resolver_match, "func", None), "view_class", None)
            if not getattr(view, "paginate_by", None):
                return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part}
        return not directives & {"private", "no-store", "no-cache"} and vary <= HARMLESS_VARY

    def replay(self, content, headers):
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response
