"""Budgets of attempts: how often one address, one client or the whole site may do something.

The budgets are one table, settings.FOLIO_THROTTLES (README, Limits):

    {flow: {scope: [(how many, per how many seconds), ...]}}

A scope is "address" (the e-mail address or the member an attempt is about), "client" (the
address the request came from, `client_ip()`) or "site" (everyone together). Each budget is a
fixed window counted in Django's cache with `add()` and `incr()`, which are atomic on the
local-memory cache and on Redis: whatever the number of workers and threads posting at once,
no more attempts than the budget are let through in a window (a burst at a window's edge can
see two windows' worth, which the numbers allow for). An attempt that one budget refuses is
taken back from the others, so only what was let through counts.

When the cache cannot be reached the attempt is let through and a warning is logged: the
budgets keep sign-in, sign-up and comments usable at a measured pace, and an outage of the
cache must not turn into an outage of the site (the per-account sign-in lockout, which
django-axes keeps in the database, still holds meanwhile). Production needs a shared cache for
the budgets to hold across workers (config/settings/production.py).
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SCOPES = ("address", "client", "site")
# Backends every worker shares and that count atomically (add and incr are single commands).
SHARED_CACHES = {
    "core.cache.ResilientRedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}
# What the cache raises when its server cannot be reached (Redis, or a socket-based backend).
UNREACHABLE = (RedisError, OSError)


class Throttled(Exception):
    """An attempt over budget: which scope refused it and in how many seconds to try again."""

    def __init__(self, *, flow, scope, limit, seconds, retry_after):
        super().__init__(f"{flow}: {limit} per {seconds} s per {scope} spent")
        self.flow = flow
        self.scope = scope
        self.limit = limit
        self.seconds = seconds
        self.retry_after = retry_after

    @property
    def minutes(self):
        """The wait in whole minutes, at least one (for messages)."""
        return max(1, math.ceil(self.retry_after / 60))


@dataclass
class Attempt:
    """An attempt let through; `cancel()` gives it back to every budget it was counted in."""

    keys: list = field(default_factory=list)

    def cancel(self):
        for key in self.keys:
            _decrement(key)
        self.keys = []


def count_attempt(flow, *, address=None, client=None):
    """Count one attempt at `flow` in each of its budgets and return it, or raise Throttled.

    `address` and `client` name whom the attempt is about and where it came from; a scope
    whose value is not given is not counted. The site-wide budget always is.
    """
    subjects = {"address": address, "client": _network(client), "site": "all"}
    attempt = Attempt()
    now = time.time()
    for scope, budgets in settings.FOLIO_THROTTLES[flow].items():
        if scope not in SCOPES:
            raise ValueError(f"Unknown throttle scope {scope!r} for {flow!r}.")
        value = subjects[scope]
        if value is None or value == "":
            continue
        for limit, seconds in budgets:
            window = int(now // seconds)
            key = _key(flow, scope, value, limit, seconds, window)
            count = _increment(key, seconds)
            if count is None:  # the cache is unreachable: let it through (module docstring)
                continue
            attempt.keys.append(key)
            if count > limit:
                attempt.cancel()
                raise Throttled(
                    flow=flow,
                    scope=scope,
                    limit=limit,
                    seconds=seconds,
                    retry_after=max(1, math.ceil((window + 1) * seconds - now)),
                )
    return attempt


def client_ip(request):
    """The address a request came from (also django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXIES reverse proxies, each appends the address it received the request
    from to X-Forwarded-For, so the client is that many entries from the right; anything further
    left was written by the client and cannot be trusted. Without proxies, REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _network(client):
    """What one client is: its IPv4 address, or its IPv6 /64 (one home or phone is given a
    whole /64 and can take a new address in it at every request)."""
    if not client or ":" not in client:
        return client
    try:
        return str(ipaddress.ip_network(f"{client}/64", strict=False))
    except ValueError:
        return client


def retry_after(response, throttled):
    """`response` with the Retry-After header a refusal calls for (RFC 9110, 10.2.3)."""
    response["Retry-After"] = str(throttled.retry_after)
    return response


def _key(flow, scope, value, limit, seconds, window):
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{flow}:{scope}:{limit}/{seconds}:{window}:{digest}"


def _increment(key, seconds):
    """The count at `key` after adding one (the key lives one window), or None if the cache
    cannot be reached."""
    try:
        for _ in range(3):
            cache.add(key, 0, timeout=seconds + 1)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add() and incr(): add it again
                continue
        return None
    except UNREACHABLE as error:
        logger.warning("Throttle not counted, the cache is unreachable (%s): %s", error, key)
        return None


def _decrement(key):
    try:
        cache.decr(key)
    except ValueError:
        pass  # the window has ended: nothing left to give back
    except UNREACHABLE as error:
        logger.warning("Throttle not given back, the cache is unreachable (%s): %s", error, key)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """`check --deploy`: the default cache must be one all workers share, or the throttles and
    the page cache's freshness hold per worker only."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_CACHES:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend}) is not shared by the workers: each keeps its own "
            "pages, and every throttle counts per worker.",
            hint="Set REDIS_URL (README, Deployment).",
            id="core.W001",
        )
    ]
