"""config/settings: production fails loudly when the environment is incomplete and passes
`check --deploy`; its database, HTTPS and middleware choices; templates and static files as
production serves them.

Missing values are passed as empty strings, not left out, so a developer's own .env (which fills
only variables that are unset) cannot hide a failure.
"""

import json
import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.templatetags.static import static
from django.test import Client, override_settings

from config.settings.base import BASE_DIR

REQUIRED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "sqlite:////tmp/folio-production-check.sqlite3",
    # Not contacted: `check` and importing the settings do not connect to the cache.
    "REDIS_URL": "redis://127.0.0.1:6379/11",
}


def manage(*args, **env):
    """Run manage.py with production settings in a clean environment (PATH only, plus `env`)."""
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings.production"}
        | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_production_refuses_to_start_without(monkeypatch, name):
    for variable, value in REQUIRED.items():
        monkeypatch.setenv(variable, "" if variable == name else value)
    with pytest.raises(ImproperlyConfigured, match=f"^{name} must be set in production: "):
        runpy.run_module("config.settings.production")


def test_allowed_hosts_of_only_commas_and_spaces_is_refused(monkeypatch):
    for variable, value in REQUIRED.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("ALLOWED_HOSTS", " , ,")
    with pytest.raises(ImproperlyConfigured, match="at least one host"):
        runpy.run_module("config.settings.production")


def test_allowed_hosts_are_split_and_trimmed(monkeypatch):
    for variable, value in REQUIRED.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org, www.example.org ,")
    production = runpy.run_module("config.settings.production")
    assert production["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]
    assert production["DEBUG"] is False


def test_production_starts_with_a_cache_url_instead_of_redis_url(monkeypatch):
    for variable, value in REQUIRED.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.setenv("CACHE_URL", "pymemcache://127.0.0.1:11211")
    assert runpy.run_module("config.settings.production")["DEBUG"] is False


def test_check_deploy_warns_when_the_cache_is_per_worker():
    """Finding 15: a per-process cache named on purpose (a benchmark, say) is allowed to
    start, but `check --deploy` says what it costs."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **REQUIRED, CACHE_URL="locmemcache://"
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr + result.stdout
    assert "not shared by the workers" in result.stderr + result.stdout


def test_manage_py_stops_with_the_reason_when_the_secret_key_is_missing():
    result = manage("check", **(REQUIRED | {"SECRET_KEY": ""}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set in production" in result.stderr


def test_check_deploy_passes_with_zero_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **REQUIRED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def production_values(**env):
    """Values from config.settings.production, imported in a clean interpreter."""
    base = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "folio.example.org",
        "DATABASE_URL": "postgres://folio@db.example.org:5432/folio",
        "REDIS_URL": "redis://cache.example.org:6379/0",
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
    values = production_values()
    assert values["conn"] == [60, True]
    assert values["debug"] is False
    assert production_values(CONN_MAX_AGE="0")["conn"] == [0, True]


def test_production_does_not_redirect_the_health_check_to_https():
    assert production_values()["exempt"] == [r"^healthz$"]


def test_conditional_get_wraps_the_page_cache_which_wraps_sessions_csrf_and_auth():
    middleware = settings.MIDDLEWARE
    conditional = middleware.index("core.conditional.ConditionalGetMiddleware")
    page_cache = middleware.index("core.cache.PageCacheMiddleware")
    assert conditional + 1 == page_cache
    # a hit skips everything else, the security headers and static files included
    assert middleware[:2] == [
        "core.conditional.ConditionalGetMiddleware",
        "core.cache.PageCacheMiddleware",
    ]
    for inner in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert page_cache < middleware.index(inner), inner


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
