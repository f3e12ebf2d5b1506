"""/healthz (core/health.py): answers without the database, a session or a cookie."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_without_database_session_or_cookies(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert not response.cookies
    assert "Vary" not in response  # nothing read the session
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response  # the page cache stays out of it


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ready_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nobody listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready: cache\n"


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_does_not_answer(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready: database\n"
    assert client.get("/healthz").status_code == 200  # alive all the same: do not restart


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405
