"""gunicorn settings, read from the environment: `gunicorn -c config/gunicorn.conf.py`.

PORT or BIND      where to listen (BIND wins: "127.0.0.1:8000", "unix:/run/folio.sock");
                  loopback by default: the public side is nginx's (deploy/)
GUNICORN_RUN_DIR  where this instance keeps its pid file and control socket; default
                  .run/<bind> in the checkout, so two instances never share them
WEB_CONCURRENCY   worker processes; default 2 x cores + 1
GUNICORN_THREADS  threads per worker; above 1 the workers are gthread (keep-alive, slow
                  clients do not hold a whole process), at 1 they are plain sync workers
GUNICORN_ACCESS_LOG  "-" (stdout, the default), a file path, or "off"
"""

import ctypes
import gc
import multiprocessing
import os
import re
import signal
from pathlib import Path

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
_run_dir = Path(
    os.environ.get("GUNICORN_RUN_DIR")
    or Path(__file__).resolve().parent.parent / ".run" / re.sub(r"[^\w.-]+", "_", bind)
)
_run_dir.mkdir(parents=True, exist_ok=True)
pidfile = str(_run_dir / "gunicorn.pid")
control_socket = str(_run_dir / "gunicorn.ctl")
# One listening socket, shared by the workers: connections waiting to be accepted outlive a
# worker that dies. (SO_REUSEPORT would give each worker a socket of its own, and the
# connections queued on it would be reset with it: a killed or recycled worker would lose
# them, POSTs that nginx cannot send elsewhere included.) A master killed with -9 takes its
# workers with it (post_fork below), so the next master finds the port free at once.
reuse_port = False
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
keepalive = 5
timeout = 30
graceful_timeout = 30
# Import Django once in the master: workers fork with it loaded, start fast and share memory.
preload_app = True
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = 10_000
max_requests_jitter = 1_000

_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log == "off" else _access_log
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def when_ready(server):
    """In the master, with the app loaded and before any worker starts: compile the templates
    and build the URL resolver once, so that workers start warm (config/warmup.py).

    Then freeze what the master has made (modules, templates, the resolver: some 80,000
    objects, all alive for as long as the process) out of the garbage collector's sight. A
    worker's full collection otherwise walks all of them: about 20 ms with every request it
    was serving held up, which showed as the slowest 1% of responses under load. Frozen, they
    also stay shared between the forked workers instead of being copied into each.
    """
    from config.warmup import warm

    server.log.info("Warmed up: %d templates compiled before forking.", warm())
    gc.freeze()


def post_fork(server, worker):
    """In each new worker: die with the master (Linux's PR_SET_PDEATHSIG). Left alone, the
    workers of a master killed with -9 keep serving and hold the port until they notice (up to
    `timeout`), and the next master cannot bind it; systemd's KillMode=control-group stops
    them too, this also covers any other process manager."""
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is None:  # not Linux
        return
    prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != server.pid:  # the master died before the line above
        os._exit(1)
