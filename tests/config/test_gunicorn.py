"""config/gunicorn.conf.py: settings from the environment, and the master's warm-up
(config/warmup.py) before it forks."""

import contextlib
import gc
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.template import engines

from config.settings.base import BASE_DIR
from tests.services import free_port


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"bind": "127.0.0.1:8000", "worker_class": "sync", "threads": 1}),
        (
            {"PORT": "9000", "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"},
            {"bind": "127.0.0.1:9000", "workers": 3, "worker_class": "gthread", "threads": 4},
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


def _serves(port, timeout=30):
    """Until http://127.0.0.1:port/healthz answers "ok" (polled), or the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as page:
                if page.read() == b"ok":
                    return True
        time.sleep(0.1)
    return False


def _children(pid):
    """The ids of the processes whose parent is `pid` (Linux's /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def test_gunicorn_starts_again_at_once_after_its_master_is_killed(tmp_path):
    """The killed master's workers, busy with a request, would hold the port; they die with
    their master (post_fork), so the next master binds at once, writes its own pid file, and
    serves."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_RUN_DIR": str(tmp_path),
        "GUNICORN_ACCESS_LOG": "off",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]
    log = (tmp_path / "gunicorn.log").open("w")
    started = []

    def start():
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and config
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True
        )
        started.append(process)
        return process

    try:
        first = start()
        assert _serves(port), (tmp_path / "gunicorn.log").read_text()
        deadline = time.monotonic() + 30
        while len(_children(first.pid)) < 2:
            assert time.monotonic() < deadline, "the two workers never started"
            time.sleep(0.1)
        for worker in _children(first.pid):  # busy: they keep the port until they finish
            os.kill(worker, signal.SIGSTOP)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        second = start()
        # The new master must bind and answer although its predecessor's workers were busy.
        assert _serves(port, timeout=20), (tmp_path / "gunicorn.log").read_text()
        assert second.poll() is None, (tmp_path / "gunicorn.log").read_text()
        assert (tmp_path / "gunicorn.pid").read_text().strip() == str(second.pid)
    finally:
        for process in started:  # each master with its workers (one session each)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()


def test_gunicorn_listens_on_loopback_only_by_default(monkeypatch):
    for name in ("PORT", "BIND"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["pidfile"].endswith("127.0.0.1_8000/gunicorn.pid")
    assert conf["control_socket"].endswith("127.0.0.1_8000/gunicorn.ctl")


def test_requests_waiting_for_a_killed_worker_are_served_by_another(tmp_path):
    """A worker killed (the kernel's OOM killer, say) takes only the request it was serving
    with it: the connections waiting to be accepted are served by the other workers, not
    reset (nginx cannot send a POST again elsewhere once it was sent)."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_RUN_DIR": str(tmp_path),
        "GUNICORN_ACCESS_LOG": "off",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and config
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    waiting = []
    try:
        assert _serves(port), (tmp_path / "gunicorn.log").read_text()
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2:
            assert time.monotonic() < deadline, "the two workers never started"
            time.sleep(0.1)
        busy, other = _children(process.pid)
        for worker in (busy, other):  # neither accepts anything meanwhile
            os.kill(worker, signal.SIGSTOP)
        for _ in range(20):
            connection = socket.create_connection(("127.0.0.1", port), timeout=30)
            connection.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            waiting.append(connection)
        os.kill(busy, signal.SIGKILL)
        os.kill(other, signal.SIGCONT)
        answers = []
        for connection in waiting:
            try:
                answers.append(connection.recv(64).split(b"\r\n")[0])
            except OSError as error:
                answers.append(repr(error).encode())
        assert answers == [b"HTTP/1.0 200 OK"] * 20
    finally:
        for connection in waiting:
            connection.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        log.close()
