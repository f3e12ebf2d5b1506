"""config/gunicorn.conf.py: settings from the environment, and the master's warm-up
(config/warmup.py) before it forks."""

import gc
import runpy

import pytest
from django.template import engines

from config.settings.base import BASE_DIR


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
    for name in ("base.html", "blog/article_detail.html", "blog/includes/article_cards.html"):
        assert name in compiled, name
    assert logged and logged[0].startswith("Warmed up: ")
