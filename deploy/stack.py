"""Folio on loopback as it runs in production: nginx in front of two gunicorn app servers that
share one PostgreSQL database and one Redis.

    make stack           # https://127.0.0.1:8443/ (a self-signed certificate) until Ctrl-C

nginx terminates TLS, serves /static/ and /media/ from disk, buffers slow clients and passes
the rest to the two app servers, trying the other one when one is down. Each app server is
`gunicorn -c config/gunicorn.conf.py` with the production settings. Everything the stack
writes (certificate, nginx configuration and logs, media, the secret key, gunicorn's pid files)
is under .run/stack/.

Environment: STACK_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/folio_stack; the
database is created if missing), STACK_REDIS_URL (default redis://127.0.0.1:6379/14),
STACK_PORT (8443), STACK_APP_PORTS (8201,8202). tests/deploy/test_stack.py and bench/faults.py
import `Stack`.
"""

import argparse
import contextlib
import getpass
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NGINX_CONF = """\
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    upstream folio {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name 127.0.0.1 localhost;
        ssl_certificate {work}/cert.pem;
        ssl_certificate_key {work}/key.pem;
        include {root}/deploy/nginx/folio-locations.conf;
        # As deploy/nginx/folio.conf, with this stack's paths.
        location = /503.html {{
            root {app_root}/templates;
            internal;
            add_header Retry-After 30 always;
            add_header Cache-Control no-store always;
        }}
        location /static/ {{
            alias {app_root}/staticfiles/;
            expires 60s;
            add_header X-Content-Type-Options nosniff always;
        }}
        location /media/ {{
            alias {media}/;
            expires 7d;
            default_type application/octet-stream;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "default-src 'none'; sandbox" always;
        }}
    }}
}}
"""


def _wait(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, urllib.error.URLError):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


class Stack:
    """nginx and two gunicorn app servers on loopback (see the module docstring)."""

    def __init__(
        self,
        *,
        database_url=None,
        redis_url=None,
        port=None,
        app_ports=None,
        workdir=None,
        workers=2,
        environment=None,
        root=None,
    ):
        self.database_url = database_url or os.environ.get(
            "STACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/folio_stack"
        )
        self.redis_url = redis_url or os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/14")
        self.port = port or int(os.environ.get("STACK_PORT", "8443"))
        ports = app_ports or os.environ.get("STACK_APP_PORTS", "8201,8202").split(",")
        self.app_ports = [int(port) for port in ports]
        self.work = Path(workdir or ROOT / ".run" / "stack")
        self.media = self.work / "media"
        self.workers = workers
        self.extra = environment or {}
        # The checkout whose code the app servers run (another one, e.g. an older commit's,
        # with its own .venv); nginx's rules and this script stay this checkout's.
        self.root = Path(root or ROOT)
        venv_python = self.root / ".venv" / "bin" / "python"
        self.python = str(venv_python) if root and venv_python.exists() else PYTHON
        self.apps = {}
        self.nginx_started = False

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def app_url(self, index):
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def environment(self):
        secret = self.work / "secret_key"
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(50))
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secret.read_text().strip(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(self.media),
            "SITE_URL": self.url,
            "SECURE_PROXY_SSL": "true",
            "TRUSTED_PROXIES": "1",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_URL": "consolemail://",
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_ACCESS_LOG": "off",
            "RELEASE": "stack",
            **self.extra,
        }

    def manage(self, *args, check=True):
        """Run `manage.py` with the stack's settings; returns the CompletedProcess."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [self.python, "manage.py", *args],
            cwd=self.root,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def prepare(self, *, demo=True, fresh=False):
        """The database (created if missing; dropped first, with the Redis database emptied,
        when `fresh`) migrated, static files collected, the demo content loaded, a
        self-signed certificate and nginx's configuration written."""
        for path in (self.work / "nginx-tmp", self.media):
            path.mkdir(parents=True, exist_ok=True)
        self._create_database(fresh=fresh)
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "-v", "0")
        if demo:
            self.manage("load_demo")
            self.manage("load_demo_pages")
        if not (self.work / "cert.pem").exists():
            subprocess.run(  # noqa: S603 - the system's openssl
                [
                    shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509",
                    "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(self.work / "key.pem"), "-out", str(self.work / "cert.pem"),
                ],
                check=True,
                capture_output=True,
            )  # fmt: skip
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;"
            for port in self.app_ports
        )
        (self.work / "nginx.conf").write_text(
            NGINX_CONF.format(
                # Started as root, nginx's workers would run as nobody and could not read the
                # media and static files this user wrote: keep them this user.
                user=f"user {getpass.getuser()};\n" if os.geteuid() == 0 else "",
                work=self.work,
                root=ROOT,
                app_root=self.root,
                media=self.media,
                port=self.port,
                servers=servers,
            )
        )

    def _create_database(self, *, fresh):
        import psycopg  # the app's own drivers, in .venv
        import redis

        url = urllib.parse.urlsplit(self.database_url)
        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            if fresh:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                redis.Redis.from_url(self.redis_url).flushdb()  # its own database number
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if found.fetchone() is None:
                connection.execute(f'CREATE DATABASE "{name}"')

    def start_app(self, index, *, wait=True):
        """Start app server `index` (0 or 1) and wait until it answers /healthz (unless not
        `wait`, as a process manager restarting it would)."""
        port = self.app_ports[index]
        log = (self.work / f"gunicorn-{port}.log").open("a")
        environment = {
            **self.environment(),
            "BIND": f"127.0.0.1:{port}",
            "GUNICORN_RUN_DIR": str(self.work / f"gunicorn-{port}"),
        }
        self.apps[index] = subprocess.Popen(  # noqa: S603 - our gunicorn and config
            [self.python, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=self.root,
            env=environment,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        if wait:
            _wait(lambda: self.healthy(index), 60, f"app server {port}")

    def healthy(self, index):
        url = f"{self.app_url(index)}/healthz"
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200

    def kill_app(self, index, sig=signal.SIGKILL):
        """Send `sig` to app server `index`'s master and all its workers (its session)."""
        process = self.apps.pop(index, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(40)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def start_nginx(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = str(self.work / "nginx.conf")
        subprocess.run(  # noqa: S603 - the system's nginx with our configuration
            [nginx, "-e", str(self.work / "nginx-error.log"), "-c", conf], check=True
        )
        self.nginx_started = True
        context = ssl._create_unverified_context()  # noqa: S323 - our self-signed certificate

        def answers():
            with urllib.request.urlopen(  # noqa: S310 - loopback
                f"{self.url}/healthz", timeout=2, context=context
            ) as response:
                return response.status == 200

        _wait(answers, 30, "nginx")

    def stop_nginx(self):
        pid_file = self.work / "nginx.pid"
        if self.nginx_started and pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGQUIT)
            _wait(lambda: not pid_file.exists(), 10, "nginx's exit")
        self.nginx_started = False

    def start(self, *, demo=True, fresh=False):
        self.prepare(demo=demo, fresh=fresh)
        for index in range(len(self.app_ports)):
            self.start_app(index)
        self.start_nginx()
        return self

    def stop(self):
        self.stop_nginx()
        for index in list(self.apps):
            self.kill_app(index, signal.SIGTERM)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        sys.exit("nginx is missing: sudo apt-get install nginx-light")
    stack = Stack()
    print("Preparing the database, static files and demo content...", flush=True)
    with stack:
        print(f"\n  Folio (nginx + 2 app servers) is serving {stack.url}/")
        print(f"  App servers: {', '.join(stack.app_url(i) for i in range(len(stack.app_ports)))}")
        print(f"  Logs and configuration: {stack.work}/  -- Ctrl-C stops everything.\n")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    print("Stopped.")


if __name__ == "__main__":
    main()
