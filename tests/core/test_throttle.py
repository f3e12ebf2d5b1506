"""core.throttle: budgets that hold when many attempts arrive at once, on the local-memory cache
and on Redis; per address, per client and site-wide; Retry-After; a cache outage lets attempts
through; the client address behind proxies; the deploy check for a cache workers do not share."""

import logging
import os
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from core.throttle import Throttled, check_shared_cache, client_ip, count_attempt

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/11"
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def redis_cache_settings():
    """Settings for a Redis cache on REDIS_URL (db 11 by default), under a key prefix of its own
    so nothing else in that database is read or cleared. Skips without Redis unless CI=true."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"folio-test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """Each test twice: on the local-memory cache and on Redis."""
    if request.param == "redis":
        settings.CACHES = redis_cache_settings()
    return request.param


@pytest.fixture
def budgets(settings):
    """Set the table of budgets for a made-up flow "try": budgets(address=[(3, 60)])."""

    def set_budgets(**scopes):
        settings.FOLIO_THROTTLES = {**settings.FOLIO_THROTTLES, "try": scopes}

    return set_budgets


def let_through(**subjects):
    try:
        count_attempt("try", **subjects)
    except Throttled:
        return False
    return True


def test_twelve_attempts_at_once_let_exactly_the_budget_through(shared_cache, budgets):
    budgets(client=[(5, 3_600)])
    barrier = threading.Barrier(12)
    results = []

    def attempt():
        barrier.wait()
        results.append(let_through(client="203.0.113.9"))

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True] * 5


def test_over_budget_says_how_long_until_the_window_ends(shared_cache, budgets):
    budgets(address=[(2, 60)])
    with time_machine.travel(START + timedelta(seconds=15), tick=False):
        count_attempt("try", address="ada@example.org")
        count_attempt("try", address="ada@example.org")
        with pytest.raises(Throttled) as refused:
            count_attempt("try", address="ada@example.org")
    assert refused.value.scope == "address"
    assert refused.value.retry_after == 45
    assert refused.value.minutes == 1
    with time_machine.travel(START + timedelta(seconds=60), tick=False):
        assert let_through(address="ada@example.org")


def test_per_address_budget_holds_whatever_the_client(budgets):
    budgets(address=[(3, 3_600)], client=[(100, 3_600)])
    for n in range(3):
        assert let_through(address="ada@example.org", client=f"198.51.100.{n}")
    with pytest.raises(Throttled) as refused:
        count_attempt("try", address="ADA@example.org ", client="198.51.100.99")
    assert refused.value.scope == "address"
    assert let_through(address="grace@example.org", client="198.51.100.99")


def test_per_client_budget_holds_whatever_the_address(budgets):
    budgets(address=[(100, 3_600)], client=[(3, 3_600)])
    for n in range(3):
        assert let_through(address=f"member{n}@example.org", client="203.0.113.9")
    with pytest.raises(Throttled) as refused:
        count_attempt("try", address="new@example.org", client="203.0.113.9")
    assert refused.value.scope == "client"
    assert let_through(address="new@example.org", client="203.0.113.10")


def test_an_ipv6_client_is_its_whole_64_block(budgets):
    """A phone or a home gets a /64 and may use a new address in it for every request."""
    budgets(client=[(3, 3_600)])
    for n in range(3):
        assert let_through(client=f"2001:db8:5:7::{n + 1:x}")
    assert not let_through(client="2001:db8:5:7:ffff:1:2:3")
    assert let_through(client="2001:db8:5:8::1")  # the next /64 is someone else


def test_site_budget_holds_for_everyone_together(budgets):
    budgets(client=[(100, 3_600)], site=[(4, 3_600)])
    for n in range(4):
        assert let_through(client=f"192.0.2.{n}")
    with pytest.raises(Throttled) as refused:
        count_attempt("try", client="192.0.2.200")
    assert refused.value.scope == "site"


def test_an_attempt_one_budget_refuses_is_not_counted_in_the_others(budgets):
    budgets(client=[(3, 3_600)], address=[(1, 3_600)])
    assert let_through(address="ada@example.org", client="203.0.113.9")
    for _ in range(5):
        assert not let_through(address="ada@example.org", client="203.0.113.9")
    # Only the first attempt was counted for the client.
    assert let_through(address="b@example.org", client="203.0.113.9")
    assert let_through(address="c@example.org", client="203.0.113.9")


def test_a_cancelled_attempt_is_given_back(budgets):
    budgets(client=[(1, 3_600)])
    count_attempt("try", client="203.0.113.9").cancel()
    assert let_through(client="203.0.113.9")
    assert not let_through(client="203.0.113.9")


def test_several_windows_each_hold(budgets):
    budgets(address=[(2, 60), (3, 86_400)])
    with time_machine.travel(START, tick=False):
        assert let_through(address="ada@example.org")
        assert let_through(address="ada@example.org")
        assert not let_through(address="ada@example.org")
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        assert let_through(address="ada@example.org")
        with pytest.raises(Throttled) as refused:
            count_attempt("try", address="ada@example.org")
    assert refused.value.seconds == 86_400
    assert refused.value.retry_after == 15 * 3_600 - 120


def test_an_unreachable_cache_lets_attempts_through_and_says_so(settings, budgets, caplog):
    budgets(client=[(1, 3_600)])
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with caplog.at_level(logging.WARNING, logger="core.throttle"):
        for _ in range(3):
            count_attempt("try", client="203.0.113.9").cancel()
    assert "Throttle not counted, the cache is unreachable" in caplog.text


def test_the_cache_is_left_as_it_was_for_other_keys(budgets):
    budgets(client=[(1, 60)])
    cache.set("unrelated", "kept")
    count_attempt("try", client="203.0.113.9")
    assert cache.get("unrelated") == "kept"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.5"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "", "10.0.0.5"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, expected):
    """Behind N proxies the client is the Nth address from the right; what it wrote is ignored."""
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_axes_counts_failed_sign_ins_on_the_same_client_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.throttle.client_ip"


def test_deploy_check_warns_about_a_cache_the_workers_do_not_share(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = check_shared_cache()
    assert warning.id == "core.W001"
    assert "not shared by the workers" in warning.msg
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    }
    assert check_shared_cache() == []
