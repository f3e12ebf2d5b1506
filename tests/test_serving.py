"""Production serving: /healthz, static file headers, template caching, gunicorn and DB settings."""

import gc
import json
import os
import runpy
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.templatetags.static import static
from django.test import Client, override_settings

from config.settings.base import BASE_DIR


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


def test_templates_are_compiled_once_per_process():
    """Django wraps the loaders in the cached loader whenever `loaders` is not configured."""
    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    [loader] = engines["django"].engine.template_loaders
    assert isinstance(loader, CachedLoader)


@pytest.mark.django_db
def test_hashed_static_files_are_compressed_and_cached_for_ever(tmp_path):
    manifest = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path, STORAGES=manifest, WHITENOISE_AUTOREFRESH=False, DEBUG=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed = static("css/site.css")
        assert hashed != "/static/css/site.css"
        client = Client()
        response = client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response["Content-Encoding"] == "gzip"
        unhashed = client.get("/static/css/site.css")
        assert "immutable" not in unhashed["Cache-Control"]
        for closing in (response, unhashed):
            closing.close()


def production_settings(**env):
    """Values from config.settings.production, imported in a clean interpreter."""
    base = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "folio.example.org",
        "DATABASE_URL": "postgres://folio@db.example.org:5432/folio",
    }
    code = (
        "import json; from config.settings import production as s; "
        "print(json.dumps({'conn': [s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS']], 'debug': s.DEBUG, "
        "'exempt': s.SECURE_REDIRECT_EXEMPT, 'middleware': s.MIDDLEWARE}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=base | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_keeps_health_checked_database_connections():
    values = production_settings()
    assert values["conn"] == [60, True]
    assert values["debug"] is False
    assert production_settings(CONN_MAX_AGE="0")["conn"] == [0, True]


def test_production_does_not_redirect_the_health_check_to_https():
    assert production_settings()["exempt"] == [r"^healthz$"]


def test_conditional_get_wraps_the_page_cache_which_wraps_sessions_csrf_and_auth():
    middleware = settings.MIDDLEWARE
    conditional = middleware.index("blog.conditional.ConditionalGetMiddleware")
    page_cache = middleware.index("blog.cache.PageCacheMiddleware")
    assert conditional + 1 == page_cache
    # a hit skips everything else, the security headers and static files included
    assert middleware[:2] == [
        "blog.conditional.ConditionalGetMiddleware",
        "blog.cache.PageCacheMiddleware",
    ]
    for inner in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert page_cache < middleware.index(inner), inner


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"bind": "0.0.0.0:8000", "worker_class": "sync", "threads": 1}),
        (
            {"PORT": "9000", "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"},
            {"bind": "0.0.0.0:9000", "workers": 3, "worker_class": "gthread", "threads": 4},
        ),
        ({"BIND": "127.0.0.1:8107", "PORT": "9000"}, {"bind": "127.0.0.1:8107"}),
        ({"GUNICORN_ACCESS_LOG": "off"}, {"accesslog": None}),
    ],
)
def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch, env, expected):
    for name in ("PORT", "BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    assert {name: conf[name] for name in expected} == expected
    assert conf["workers"] >= 1
    assert conf["preload_app"] is True
    assert conf["wsgi_app"] == "config.wsgi:application"


def test_the_gunicorn_master_compiles_every_template_before_it_forks(monkeypatch):
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    [loader] = engines["django"].engine.template_loaders
    loader.reset()
    logged = []

    class Server:
        class log:  # noqa: N801 (gunicorn's logger, as the hook sees it)
            info = staticmethod(lambda message, *args: logged.append(message % args))

    try:
        conf["when_ready"](Server)
        # what the master holds is frozen out of the workers' garbage collections
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    compiled = {key.split("-")[0] for key in loader.get_template_cache}
    for name in ("base.html", "blog/article_detail.html", "includes/article_card.html"):
        assert name in compiled, name
    assert logged and logged[0].startswith("Warmed up: ")
