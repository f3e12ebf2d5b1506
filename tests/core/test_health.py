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
