"""What bench/run.py and bench/scale.py share: the environment, a fresh database, RESULTS.md."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/folio-bench"))  # noqa: S108 (loopback bench only)


def environment(database_url, **extra):
    """Production settings on loopback; exported so in-process Django and gunicorn agree."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update({name: str(value) for name, value in extra.items()})
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    return env


def recreate_database(database_url):
    """Drop and create the benchmark database, then migrate it."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"Refusing unusual database name {name!r}.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    manage("migrate", "--noinput", "-v", "0")


def manage(*args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{os.cpu_count()} cores ({cpu}), {today}"


def write_section(name, text):
    """Replace this run's section of RESULTS.md, keeping the other runs' sections."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    current = RESULTS.read_text() if RESULTS.exists() else HEADER
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current)


HEADER = """# Benchmark results

Written by `make bench` (bench/run.py: throughput with wrk against gunicorn, PostgreSQL and Redis
on loopback) and `make bench-scale` (bench/scale.py: response times with 100,000 articles). Each
run replaces its own section. Numbers from a shared machine vary from run to run; compare pages
within one run (the ratio to `/healthz`), not runs with each other.
"""
