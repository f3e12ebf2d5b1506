"""Production settings fail loudly when the environment is incomplete and pass `check --deploy`.

Missing values are passed as empty strings, not left out, so a developer's own .env (which fills
only variables that are unset) cannot hide a failure.
"""

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "sqlite:////tmp/folio-production-check.sqlite3",
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


def test_manage_py_stops_with_the_reason_when_the_secret_key_is_missing():
    result = manage("check", **(REQUIRED | {"SECRET_KEY": ""}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set in production" in result.stderr


def test_check_deploy_passes_with_zero_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **REQUIRED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
