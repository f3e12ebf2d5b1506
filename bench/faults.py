"""The fault suite (issue #19): Folio as deployed, under load, while its services fail.

    make faults                                   # 50 clients, 60 s per scenario (~10 min)
    .venv/bin/python bench/faults.py --clients 20 --duration 30 --scenarios redis-kill,pg-stop
    .venv/bin/python bench/faults.py --root ../faults-before --label before   # older code

Everything runs on loopback and is the suite's own: a PostgreSQL cluster it creates with
initdb in a temporary directory (port 55432), a redis-server saving to that directory (56379),
and deploy/stack.py's nginx (28443) in front of two gunicorn app servers (28201, 28202) with
the production settings (bench/faults_settings.py only raises the comment budgets for the
load). The machine's own PostgreSQL and Redis are never touched.

For each scenario a fresh load runs for --duration seconds: --clients simulated readers and
members, each request 80% a page read (home, an article, a category, a search; half of them
signed in) and 20% a comment posted by a signed-in, verified member, all through nginx, with
a pause of 0 to 2 x --think seconds between a client's requests. At
--fault-at seconds the fault is injected (code from before the budgets table, run with
--root, limits members to 5 comments a minute in the cache: the suite forgets those records
twice a second, Suite.clear_old_limits):

    redis-kill     Redis saves, is killed (SIGKILL), and is started again --outage s later from
                   its dump (its old data)
    redis-freeze   Redis stopped with SIGSTOP for --outage s, then SIGCONT
    pg-stop        PostgreSQL stopped (pg_ctl stop -m fast), started again --outage s later
    workers-kill   every worker of app server 1 killed (SIGKILL); its master starts new ones
    master-kill    app server 1's master killed (SIGKILL); started again 1 s later, as systemd's
                   Restart=always with RestartSec=1 would (and again, 1 s after, if it exits)
    slow-clients   --slow-clients connections to nginx sending their headers a byte at a time
                   for --slow-seconds
    disk-full      MEDIA_ROOT/uploads is a 128 KiB tmpfs while an editor uploads an image;
                   unmounted --outage s later

Every request is recorded (status, latency); every acknowledged comment (a 302 to it) is looked
for in the database afterwards: stored exactly once, never lost or duplicated; every article's
comment_count must equal its visible comments; every acknowledged comment must be on the
article's page a visitor gets through nginx (no stale cached page). Four probes ask nginx,
each again 0.25 s after its last answer (waiting up to 15 s), for /readyz (when the code has
it), the home page, an article, and an article signed in: "recovery" is the time from the
fault's end (the kill, for the instant faults) until each has had two 200s in a row for
requests sent since. 503s with Retry-After while PostgreSQL is down
(and for 5 s after) are the intended answer and counted apart from the other 5xx.

Needs root or the postgres OS user for initdb (run as `postgres` through runuser when root),
PostgreSQL's server binaries (/usr/lib/postgresql/*/bin), redis-server and nginx; root for the
tmpfs of disk-full (without it the scenario says why and is left out).
"""

import argparse
import contextlib
import glob
import http.client
import io
import json
import os
import random
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402 - after the checkout is importable

from deploy.stack import Stack  # noqa: E402
from tests.deploy.browser import Client  # noqa: E402
from tests.images import image_bytes  # noqa: E402

PASSWORD = "faults-password-1234"  # noqa: S105 - throwaway accounts on loopback
SCENARIOS = (
    "redis-kill",
    "redis-freeze",
    "pg-stop",
    "workers-kill",
    "master-kill",
    "slow-clients",
    "disk-full",
)
SEARCH_WORDS = ("acupuncture", "pain", "design", "reading", "garden")
# A probe waits this long for an answer: under 50 clients a 2-core machine answers in seconds.
PROBE_TIMEOUT = 15
PG_PORT, REDIS_PORT, NGINX_PORT, APP_PORTS = 55432, 56379, 28443, (28201, 28202)
ACCOUNTS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
User = get_user_model()
password = make_password("{password}")
names = [f"fault-member-{{i}}" for i in range({members})] + ["fault-prober", "fault-editor"]
for name in names:
    User.objects.update_or_create(username=name, defaults=dict(
        email=f"{{name}}@faults.test", password=password, email_verified_at=timezone.now(),
        is_staff=name == "fault-editor", is_superuser=name == "fault-editor"))
"""
CONTENT = """
import json
from blog.models import Article, Category
articles = list(Article.objects.published().values_list("slug", flat=True))
categories = list(Category.objects.values_list("slug", flat=True))
print(json.dumps({"articles": articles, "categories": categories}))
"""
STORED = """
import json
from collections import Counter
from blog.models import Article
from comments.models import Comment
bodies = Counter(Comment.objects.filter(body__startswith="{prefix}").values_list("body", flat=True))
errors = []
for article in Article.objects.all():
    visible = Comment.objects.visible().filter(article=article).count()
    if article.comment_count != visible:
        errors.append([article.slug, article.comment_count, visible])
print(json.dumps({{"bodies": bodies, "counter_errors": errors}}))
"""


def free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def as_postgres(command):
    """`command` as the postgres OS user when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A PostgreSQL cluster of the suite's own in `base`/pg, trust authentication, loopback."""

    def __init__(self, base, port):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("PostgreSQL's server binaries are missing: apt-get install postgresql")
        self.bin = Path(found[-1]).parent
        self.dir = Path(base) / "pg"
        self.port = port

    def _run(self, *args):
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools on our own directory
            as_postgres([str(self.bin / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self):
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-t", "30",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "-t", "30", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Redis:
    """A redis-server of the suite's own, saving its data to `base`/redis/dump.rdb."""

    def __init__(self, base, port):
        self.server = shutil.which("redis-server")
        if not self.server:
            raise SystemExit("redis-server is missing: apt-get install redis-server")
        self.dir = Path(base) / "redis"
        self.dir.mkdir(parents=True)
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the system's redis-server
            [
                self.server, "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.dir), "--dbfilename", "dump.rdb", "--save", "60 1",
                "--appendonly", "no", "--logfile", str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while self.command("PING") != "+PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def command(self, *words):
        address = ("127.0.0.1", self.port)
        with contextlib.suppress(OSError), socket.create_connection(address, 2) as connection:
            connection.sendall((" ".join(words) + "\r\n").encode())
            return connection.recv(100).decode().strip()
        return None

    def signal(self, sig):
        self.process.send_signal(sig)
        if sig == signal.SIGKILL:
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)

    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@dataclass
class Record:
    """What the load saw: (seconds since the start, kind, status, latency, Retry-After sent)."""

    requests: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)  # (slug, text)
    unacknowledged: list = field(default_factory=list)  # posts without a 302: (slug, text)
    probes: list = field(default_factory=list)  # (check, seconds, 200, seconds to answer)


def timed(client, method, path, **kwargs):
    started = time.monotonic()
    try:
        if method == "POST":
            response = client.post_form(path, kwargs["data"], action=kwargs["action"])
        else:
            response = client.get(path)
    except (OSError, http.client.HTTPException):
        return None, time.monotonic() - started
    return response, time.monotonic() - started


class Suite:
    def __init__(self, options):
        self.options = options
        self.label = options.label
        self.work = ROOT / ".run" / "faults" / self.label
        self.base = Path(tempfile.mkdtemp(prefix="folio-faults-"))
        os.chmod(self.base, 0o755)  # noqa: S103 - the postgres user must reach its directory
        self.pg = Postgres(self.base, PG_PORT)
        self.redis = Redis(self.base, REDIS_PORT)
        self.stack = None
        self.members, self.prober, self.editor = [], None, None
        self.orphans = []  # process groups of killed masters, whose workers may linger
        self.mounted = None

    # -- set-up and tear-down ---------------------------------------------------------------

    def start(self):
        for port in (PG_PORT, REDIS_PORT, NGINX_PORT, *APP_PORTS):
            if not free(port):
                raise SystemExit(f"127.0.0.1:{port} is in use; the suite needs it")
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        print("Creating PostgreSQL (initdb) and Redis of the suite's own...", flush=True)
        self.pg.create()
        self.redis.start()
        self.stack = Stack(
            database_url=self.pg.url("folio_faults"),
            redis_url=self.redis.url(),
            port=NGINX_PORT,
            app_ports=list(APP_PORTS),
            workdir=self.work / "stack",
            root=self.options.root,
            environment={
                "DJANGO_SETTINGS_MODULE": "bench.faults_settings",
                # bench/ is found in this checkout when the app servers run another one's code
                "PYTHONPATH": str(ROOT),
                "RELEASE": f"faults-{self.label}",
            },
        )
        print(f"Starting the stack ({self.stack.root}): migrate, demo, nginx...", flush=True)
        self.stack.start(fresh=True)
        self.shell(ACCOUNTS.format(password=PASSWORD, members=self.options.clients))
        content = json.loads(self.shell(CONTENT))
        self.articles, self.categories = content["articles"], content["categories"]
        self.commented = self.articles[: self.options.commented]
        self.has_readyz = Client(self.stack, via=0).get("/readyz").status == 200
        self.members = [Client(self.stack) for _ in range(self.options.clients)]
        threads = [
            threading.Thread(target=m.sign_in, args=(f"fault-member-{i}", PASSWORD))
            for i, m in enumerate(self.members)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.prober = Client(self.stack, timeout=5)
        self.prober.sign_in("fault-prober", PASSWORD)
        self.editor = Client(self.stack)
        self.editor.sign_in("fault-editor", PASSWORD)
        self.editor.get("/admin/")

    def shell(self, code):
        """What `code` prints, run by the app's manage.py shell with the stack's settings."""
        return self.stack.manage("shell", "-v", "0", "-c", code).stdout

    def stop(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.mounted)], check=False)  # noqa: S607
        if self.stack:
            with contextlib.suppress(Exception):
                self.stack.stop()
        for group in self.orphans:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.redis.stop()
        with contextlib.suppress(Exception):
            self.pg.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    # -- the load ----------------------------------------------------------------------------

    def client_loop(self, number, member, stop, record, tag, started):
        rng = random.Random(f"{tag}-{number}")
        visitor = Client(self.stack)
        sent = 0
        while not stop.is_set():
            at = time.monotonic() - started
            if rng.random() < 0.2:
                sent += 1
                slug = rng.choice(self.commented)
                text = f"Fault test {tag} client {number} number {sent} {rng.getrandbits(32):08x}"
                response, seconds = timed(
                    member,
                    "POST",
                    f"/articles/{slug}/",
                    data={"body": text},
                    action=f"/articles/{slug}/comments/",
                )
                status = response.status if response else 0
                location = response.headers.get("location", "") if response else ""
                if status == 302 and "/login/" not in location:
                    record.acknowledged.append((slug, text))
                else:
                    record.unacknowledged.append((slug, text))
                    if "/login/" in location:  # signed out: sign in again, as a member would
                        with contextlib.suppress(Exception):
                            member.sign_in(f"fault-member-{number}", PASSWORD)
                kind = "post"
            else:
                choice = rng.random()
                if choice < 0.25:
                    path = "/"
                elif choice < 0.65:
                    path = f"/articles/{rng.choice(self.articles)}/"
                elif choice < 0.85:
                    path = f"/category/{rng.choice(self.categories)}/"
                else:
                    path = f"/search/?q={rng.choice(SEARCH_WORDS)}"
                response, seconds = timed(member if rng.random() < 0.5 else visitor, "GET", path)
                status = response.status if response else 0
                kind = "read"
            retry = bool(response and response.headers.get("retry-after"))
            record.requests.append((at, kind, status, seconds, retry))
            stop.wait(rng.uniform(0, 2 * self.options.think))

    def clear_old_limits(self, stop):
        """Forget, twice a second, the posting records of code from before the budgets table
        (a fixed 5 comments a minute per member, kept in the cache as comments:posted:<id>):
        the old limiter still runs on every post, but lets the load's members post. Code
        with FOLIO_THROTTLES has no such keys (bench/faults_settings.py raises its budgets)."""
        import redis

        server = redis.Redis(port=REDIS_PORT, socket_timeout=0.2, socket_connect_timeout=0.2)
        while not stop.wait(0.5):
            with contextlib.suppress(redis.RedisError):
                keys = list(server.scan_iter(match="*comments:posted:*", count=1000))
                if keys:
                    server.delete(*keys)

    def probes(self, stop, record, started):
        """One thread per check, each asking nginx again 0.25 s after its last answer."""
        page = f"/articles/{self.articles[-1]}/"
        checks = [("home", None, "/"), ("article", None, page), ("signed-in", self.prober, page)]
        if self.has_readyz:
            checks.insert(0, ("readyz", None, "/readyz"))
        threads = []
        for name, client, path in checks:
            client = client or Client(self.stack)
            client.timeout = PROBE_TIMEOUT
            threads.append(
                threading.Thread(
                    target=self.probe_loop,
                    args=(name, client, path, stop, record, started),
                    daemon=True,
                )
            )
        for thread in threads:
            thread.start()
        return threads

    def probe_loop(self, name, client, path, stop, record, started):
        while not stop.is_set():
            at = time.monotonic() - started
            response, seconds = timed(client, "GET", path)
            ok = response is not None and response.status == 200
            record.probes.append((name, at, ok, seconds))
            stop.wait(0.25)

    # -- the faults: each returns (seconds at its start, seconds at its end), or a note --------

    def fault(self, name, started, notes):
        now = lambda: time.monotonic() - started  # noqa: E731
        outage = self.options.outage
        if name == "redis-kill":
            self.redis.command("SAVE")
            begin = now()
            self.redis.signal(signal.SIGKILL)
            time.sleep(outage)
            self.redis.start()
            return begin, now()
        if name == "redis-freeze":
            begin = now()
            self.redis.signal(signal.SIGSTOP)
            time.sleep(outage)
            self.redis.signal(signal.SIGCONT)
            return begin, now()
        if name == "pg-stop":
            begin = now()
            self.pg.stop("fast")
            time.sleep(outage)
            self.pg.start()
            return begin, now()
        if name == "workers-kill":
            master = self.stack.apps[0].pid
            workers = children(master)
            begin = now()
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            notes.append(f"killed {len(workers)} workers of app server 1")
            return begin, begin
        if name == "master-kill":
            old = self.stack.apps[0]
            begin = now()
            old.kill()
            old.wait(10)
            self.orphans.append(old.pid)
            restarts = 0
            deadline = time.monotonic() + outage + 10
            while time.monotonic() < deadline:  # systemd: Restart=always, RestartSec=1
                process = self.stack.apps.get(0)
                if process is None or process.poll() is not None:
                    time.sleep(1)
                    self.stack.apps.pop(0, None)
                    self.stack.start_app(0, wait=False)
                    restarts += 1
                time.sleep(0.2)
            alive = self.stack.apps[0].poll() is None
            notes.append(
                f"master started {restarts} time(s); running at the end: {'yes' if alive else 'no'}"
            )
            return begin, begin
        if name == "slow-clients":
            stop = threading.Event()
            threads = [
                threading.Thread(target=self.slow_client, args=(stop,), daemon=True)
                for _ in range(self.options.slow_clients)
            ]
            begin = now()
            for thread in threads:
                thread.start()
            time.sleep(self.options.slow_seconds)
            stop.set()
            for thread in threads:
                thread.join(5)
            return begin, now()
        if name == "disk-full":
            return self.disk_full(now, notes)
        raise ValueError(name)

    def slow_client(self, stop):
        """Open a TLS connection to nginx and send a request's headers one byte every 0.2 s."""
        context = ssl._create_unverified_context()  # noqa: S323 - the stack's own certificate
        request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{NGINX_PORT}\r\n" + "X-Slow: a\r\n" * 200
        while not stop.is_set():
            with contextlib.suppress(OSError):
                raw = socket.create_connection(("127.0.0.1", NGINX_PORT), 5)
                with context.wrap_socket(raw, server_hostname="127.0.0.1") as connection:
                    for byte in request.encode():
                        if stop.is_set():
                            break
                        connection.sendall(bytes([byte]))
                        time.sleep(0.2)
            stop.wait(0.2)

    def disk_full(self, now, notes):
        uploads = self.stack.media / "uploads"
        uploads.mkdir(parents=True, exist_ok=True)
        mount = subprocess.run(  # noqa: S603, S607 - a tmpfs over our own directory
            ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(uploads)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mount.returncode:
            notes.append(f"left out: mount failed: {mount.stderr.strip() or mount.returncode}")
            return None
        self.mounted = uploads
        begin = now()
        noise = Image.frombytes("RGB", (900, 700), os.urandom(900 * 700 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "PNG")
        try:
            response = self.editor.upload("/markdownx/upload/", "image", "a.png", buffer.getvalue())
            answer = f"{response.status} {response.headers.get('content-type', '')}: "
            answer += " ".join(response.text.split())[:160]
        except (OSError, http.client.HTTPException) as error:
            answer = f"no answer ({error})"
        left = [(p.name, p.stat().st_size) for p in uploads.rglob("*") if p.is_file()]
        notes.append(f"upload on the full disk: {answer}")
        notes.append(f"files left in the full uploads directory: {left or 'none'}")
        time.sleep(self.options.outage)
        subprocess.run(["umount", str(uploads)], check=True)  # noqa: S603, S607
        self.mounted = None
        end = now()
        after = self.editor.upload("/markdownx/upload/", "image", "small.png", image_bytes())
        notes.append(f"upload once space is back: {after.status}")
        return begin, end

    # -- one scenario ------------------------------------------------------------------------

    def run(self, name):
        self.settle()
        tag = f"{self.label}-{name}"
        record, notes = Record(), []
        stop, probe_stop = threading.Event(), threading.Event()
        started = time.monotonic()
        load = [
            threading.Thread(
                target=self.client_loop, args=(i, member, stop, record, tag, started), daemon=True
            )
            for i, member in enumerate(self.members)
        ]
        clearer = threading.Thread(target=self.clear_old_limits, args=(probe_stop,), daemon=True)
        for thread in [*load, clearer]:
            thread.start()
        probes = self.probes(probe_stop, record, started)
        time.sleep(self.options.fault_at)
        window = self.fault(name, started, notes)
        remaining = self.options.duration - (time.monotonic() - started)
        time.sleep(max(0, remaining))
        stop.set()
        for thread in load:
            thread.join(60)
        if window is None:
            probe_stop.set()
            return {"scenario": name, "notes": notes, "skipped": True}
        recovery = None
        deadline = time.monotonic() + 60
        while recovery is None and time.monotonic() < deadline:
            recovery = recovered(record.probes, window[1])
            time.sleep(0.5)
        probe_stop.set()
        for thread in probes:
            thread.join(PROBE_TIMEOUT + 5)
        return self.summarise(name, tag, record, window, recovery, notes)

    def settle(self):
        """Both app servers answering and the site ready before the next scenario."""
        for index in range(len(APP_PORTS)):
            process = self.stack.apps.get(index)
            if process is None or process.poll() is not None or not healthy(self.stack, index):
                self.stack.apps.pop(index, None)
                self.stack.start_app(index)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                path = "/readyz" if self.has_readyz else "/"
                if Client(self.stack, timeout=5).get(path).status == 200:
                    break
            time.sleep(0.5)
        time.sleep(2)  # nginx's fail_timeout: both servers back in its rotation

    def summarise(self, name, tag, record, window, recovery, notes):
        found = json.loads(self.shell(STORED.format(prefix=f"Fault test {tag} ")))
        bodies = found["bodies"]
        acknowledged = {text for _, text in record.acknowledged}
        lost = [text for text in acknowledged if text not in bodies]
        duplicated = [text for text, count in bodies.items() if count > 1]
        stored_unacknowledged = len(set(bodies) - acknowledged)
        stale = 0
        visitor = Client(self.stack)
        for slug in {slug for slug, _ in record.acknowledged}:
            page = visitor.get(f"/articles/{slug}/").text
            shown = [text for s, text in record.acknowledged if s == slug and text in bodies]
            stale += sum(1 for text in shown if text not in page)
        begin, end = window
        intended = other = errors = 0
        unexpected = []
        for at, kind, status, seconds, retry in record.requests:
            if status == 0 or status >= 500:
                failure = (round(at, 1), kind, status, round(seconds, 2), retry)
            if status == 0:
                errors += 1
                unexpected.append(failure)
            elif status >= 500:
                # sent before the outage's end (+5 s), answered after its start
                outage = at <= end + 5 and at + seconds >= begin
                if name == "pg-stop" and status == 503 and retry and outage:
                    intended += 1
                else:
                    other += 1
                    unexpected.append(failure)
        statuses = {}
        for _at, _kind, status, _seconds, _retry in record.requests:
            statuses[status] = statuses.get(status, 0) + 1
        reads = sorted(s for at, k, st, s, _ in record.requests if k == "read" and st)
        during = [s for _, at, _, s in record.probes if begin <= at <= max(end, begin + 5)]
        return {
            "scenario": name,
            "requests": len(record.requests),
            "intended_503": intended,
            "other_5xx": other,
            "no_answer": errors,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "read_p50_ms": round(1000 * reads[len(reads) // 2]) if reads else None,
            "read_p99_ms": round(1000 * reads[int(len(reads) * 0.99)]) if reads else None,
            "probe_slowest_during_s": round(max(during), 2) if during else None,
            "posts": len(record.acknowledged) + len(record.unacknowledged),
            "acknowledged": len(acknowledged),
            "stored": sum(1 for text in acknowledged if text in bodies),
            "lost": len(lost),
            "duplicated": len(duplicated),
            "stored_unacknowledged": stored_unacknowledged,
            "counter_errors": len(found["counter_errors"]),
            "counter_detail": found["counter_errors"][:5],
            "stale": stale,
            "recovery_s": None if recovery is None else round(recovery, 1),
            "fault": [round(begin, 1), round(end, 1)],
            # (sent at, read or post, status, seconds, Retry-After): the first few
            "failures": unexpected[:12],
            "notes": notes,
        }


def children(pid):
    """The processes whose parent is `pid` (a gunicorn master's workers)."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.split("/")[2]))
    return found


def healthy(stack, index):
    with contextlib.suppress(OSError, http.client.HTTPException):
        return stack.healthy(index)
    return False


def recovered(probes, since):
    """Seconds from `since` until every check had a 200 for a request sent then, followed by
    another 200 (about 0 when the site never stopped answering), or None if not yet."""
    worst = 0.0
    probes = list(probes)
    for name in {probe[0] for probe in probes}:
        answers = [(at, ok) for check, at, ok, _ in probes if check == name and at >= since]
        pairs = zip(answers, answers[1:], strict=False)
        firsts = [at for (at, ok), (_, then) in pairs if ok and then]
        if not firsts:
            return None
        worst = max(worst, firsts[0] - since)
    return worst


def table(results):
    head = (
        "| scenario | requests | intended 503 | other 5xx | no answer | read p50/p99 ms "
        "| probe slowest s | writes ack / stored | lost | dup | counter errors | stale pages "
        "| recovery s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [head]
    for r in results:
        if r.get("skipped"):
            rows.append(f"| {r['scenario']} | left out: {'; '.join(r['notes'])} |")
            continue
        recovery = "not within 60 s" if r["recovery_s"] is None else f"{r['recovery_s']}"
        rows.append(
            f"| {r['scenario']} | {r['requests']} | {r['intended_503']} | {r['other_5xx']} "
            f"| {r['no_answer']} | {r['read_p50_ms']}/{r['read_p99_ms']} "
            f"| {r['probe_slowest_during_s']} | {r['acknowledged']} / {r['stored']} "
            f"| {r['lost']} | {r['duplicated']} | {r['counter_errors']} | {r['stale']} "
            f"| {recovery} |"
        )
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per scenario")
    parser.add_argument("--fault-at", type=float, default=15, help="seconds into the load")
    parser.add_argument("--outage", type=float, default=10, help="seconds a service is down")
    parser.add_argument(
        "--think", type=float, default=0.5, help="a client's mean pause between requests (s)"
    )
    parser.add_argument("--slow-clients", type=int, default=100)
    parser.add_argument("--slow-seconds", type=float, default=20)
    parser.add_argument("--commented", type=int, default=8, help="articles that get comments")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--root", help="run the app servers from this checkout (its own .venv)")
    parser.add_argument("--label", default="after", help="names the run's logs and comments")
    parser.add_argument("--json", help="also write the results to this file")
    options = parser.parse_args()
    chosen = [name.strip() for name in options.scenarios.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        sys.exit("nginx is missing: apt-get install nginx-light")
    per = options.duration + 15
    print(
        f"Plan ({options.label}, code from {options.root or ROOT}): {len(chosen)} scenarios, "
        f"each {options.clients} clients for {options.duration:g} s, the fault at "
        f"{options.fault_at:g} s, outages of {options.outage:g} s: {', '.join(chosen)}. "
        f"About {len(chosen) * per / 60 + 1.5:.0f} minutes.",
        flush=True,
    )
    started = datetime.now(UTC)
    suite = Suite(options)
    results = []
    try:
        suite.start()
        for name in chosen:
            print(f"== {name}", flush=True)
            result = suite.run(name)
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        suite.stop()
    print(f"\n{options.label}: {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores\n")
    print(table(results))
    for result in results:
        for note in result["notes"]:
            print(f"- {result['scenario']}: {note}")
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
