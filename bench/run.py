"""Throughput of Folio's public pages under load: `make bench` (about 6 minutes).

1. Recreates the PostgreSQL database DATABASE_URL (default folio_bench on 127.0.0.1), migrates
   it and loads a realistic site: the demo articles, then ARTICLES more with the demo bodies
   (the showcase's length and shorter ones) varied per article, their covers and tags, and the
   twenty comments on each (`load_comments()`).
2. Flushes Redis database 15 and starts gunicorn with the production settings, the repository's
   config/gunicorn.conf.py and REDIS_URL=redis://127.0.0.1:6379/15 on 127.0.0.1:8107.
3. Drives each page with wrk (-t2 -c16, 20 s in all) in three modes, side by side:
   - cached: an anonymous reader without cookies, the page already in the page cache;
   - session: the same request with `Cookie: sessionid=bench`. The session does not exist, so
     the reader is anonymous and sees the same page, but the page cache leaves any request
     with a cookie alone: every request runs the view, with the `{% cache %}` fragments;
   - member: a signed-in member ("bench-member", e-mail confirmed) with a real session and a
     CSRF cookie: the view runs, reads the session and the member, renders their own Save
     buttons, comment form and header, and takes the costly fragments from the cache.
   /healthz, which does no work, measures the ceiling of the same server in the same run.
   The 20 s are split into ROUNDS rounds that go over every page in turn, and each page keeps
   its best round: on a shared machine a burst of someone else's work then spoils one round
   of one page, not the page's result or the ceiling every ratio is taken against.
4. Counts SQL queries per page in-process (Django's test client against the same database):
   with every cache empty (a visitor's first request after the cache was cleared), from the
   page cache, and for the member with every cache empty.
5. Times the showcase article in-process with every cache off (a DummyCache and
   PAGE_CACHE_SECONDS=0: no page, no fragment), as a visitor and as the member: the plain
   render, which the caches multiply but do not replace.
Both tables go to stdout and to bench/RESULTS.md.

`--no-page-cache` runs the load with PAGE_CACHE_SECONDS=0 (no page cache, no fragments).
To add a page, append it to PAGES. Search answers are never cached, so its two modes match.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, WORK, environment, machine, manage, recreate_database, write_section

PORT = 8107
REDIS_URL = "redis://127.0.0.1:6379/15"
SHOWCASE = "how-acupuncture-can-relieve-chronic-back-pain-naturally"
# (label, path): every public page worth watching. /healthz first: the ceiling.
PAGES = [
    ("/healthz", "/healthz"),
    ("home", "/"),
    ("showcase article", f"/articles/{SHOWCASE}/"),
    ("article list", "/articles/"),
    ("article list, page 50", "/articles/?page=50"),
    ("tag page", "/tag/chronic-pain/"),
    ("search", "/search/?q=acupuncture"),
    ("RSS feed", "/feeds/rss/"),
]
COMMENTS_PER_ARTICLE = 20
COMMENT_TEXTS = [
    "Thank you for this. Point {n} matched what my physiotherapist told me last year.",
    "I tried this for a few weeks.\nIt helped with sleep more than with the pain itself.",
    "Is there a trial that compared this with plain exercise? See https://example.org/study-{n}",
    "Useful summary. I would add that pacing matters as much as the treatment.",
    "My experience was different: the first sessions made the ache worse for a day or two.",
]
EXTRA_TAGS = [
    "anatomy", "anxiety", "arthritis", "breathing", "clinical trials", "diet", "fascia",
    "fatigue", "headache", "hip", "inflammation", "knee", "massage", "meditation", "migraine",
    "mobility", "neck pain", "nerves", "placebo", "posture", "rehabilitation", "research",
    "running", "sciatica", "shoulder", "stress", "stretching", "strength", "walking", "yoga",
]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page")
    parser.add_argument("--rounds", type=int, default=4, help="rounds the duration is split in")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-page-cache", action="store_true", help="PAGE_CACHE_SECONDS=0")
    parser.add_argument("--keep-data", action="store_true", help="reuse the loaded database")
    parser.add_argument(
        "--pages", help="comma-separated labels of the pages to measure (/healthz always is)"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/folio_bench")
    env = environment(
        database_url,
        REDIS_URL=REDIS_URL,
        PAGE_CACHE_SECONDS=0 if args.no_page_cache else os.environ.get("PAGE_CACHE_SECONDS", 300),
    )
    if not args.keep_data:
        shutil.rmtree(WORK, ignore_errors=True)
        recreate_database(database_url)
    manage("collectstatic", "--noinput", "-v", "0")

    import django

    django.setup()
    if not args.keep_data:
        made = load_site(args.articles)
        print(f"Loaded {made['articles']} articles, {made['comments']} comments.")
    import redis
    from django.utils.crypto import get_random_string

    redis.Redis.from_url(REDIS_URL).flushdb()
    # A member's browser also holds the CSRF cookie its first page with a form gave it.
    csrf = get_random_string(32)
    member = member_session()
    MODES["member"] = (f"Cookie: sessionid={member}; csrftoken={csrf}",)
    if args.pages:
        wanted = {"/healthz", *(label.strip() for label in args.pages.split(","))}
        PAGES[:] = [(label, path) for label, path in PAGES if label in wanted]

    server = start_server(env)
    try:
        rows = measure_all(args, member)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    (WORK / "rows.json").write_text(json.dumps(rows, indent=1))  # kept if the report fails
    report(rows, args)


def load_site(count):
    """The demo content, then `count` articles made from it; returns what was made."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from blog.models import Article, Tag
    from core.markdown import render

    call_command("load_demo", verbosity=0)
    rng = random.Random(9)
    demo = list(Article.objects.prefetch_related("tags"))
    extra = [
        Tag.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0] for n in EXTRA_TAGS
    ]
    now = timezone.now()
    articles, tag_links = [], []
    for n in range(count):
        source = demo[n % len(demo)]
        body = (
            f"This is part {n + 1} of our reading list on {source.category.name.lower()}: "
            f"the piece below was reviewed by the editors in week {n % 52 + 1}.\n\n"
            f"{source.body}\n\n"
            f"*Reader question {n + 1}: what would you like us to cover next?*"
        )
        rendered = render(body)
        article = Article(
            title=f"{source.title}: part {n + 1}",
            slug=f"{source.slug[:190]}-{n + 1}",
            summary=source.summary,
            body=body,
            body_html=rendered.html,
            body_text=rendered.text,
            toc=rendered.toc,
            reading_time=rendered.reading_time,
            author=source.author,
            category=source.category,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=2 + n * 7),
            cover=source.cover.name,
            cover_width=source.cover_width,
            cover_height=source.cover_height,
            cover_renditions=source.cover_renditions,
            cover_alt=source.cover_alt,
        )
        articles.append(article)
        tags = {tag.pk: tag for tag in [*source.tags.all(), *rng.sample(extra, 2)]}
        tag_links.append(tags.values())
    with transaction.atomic():
        Article.objects.bulk_create(articles, batch_size=500)
        Through = Article.tags.through
        Through.objects.bulk_create(
            [
                Through(article=a, tag=t)
                for a, tags in zip(articles, tag_links, strict=True)
                for t in tags
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # plans for the real row counts, as autovacuum would
    return {"articles": Article.objects.count(), "comments": load_comments()}


def load_comments(per_article=COMMENTS_PER_ARTICLE):
    """Twenty visible comments on each article, a third of them replies; returns how many.

    Written by twenty verified members over the weeks after each article, bulk-created with
    the rendered text the model would store.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from blog.models import Article
    from comments.models import Comment
    from comments.services import article_count_comments
    from core.markdown import render_comment

    User = get_user_model()
    now = timezone.now()
    members = [
        User.objects.get_or_create(
            username=f"reader{n}",
            defaults={
                "email": f"reader{n}@bench.localhost",
                "display_name": f"Reader {n}",
                "email_verified_at": now,
            },
        )[0]
        for n in range(20)
    ]
    rng = random.Random(5)
    made = 0
    for article in Article.objects.only("pk", "published_at").iterator():
        tops = []
        batch = []
        for n in range(per_article):
            body = rng.choice(COMMENT_TEXTS).format(n=n + 1)
            comment = Comment(
                article=article,
                author=members[(article.pk + n) % len(members)],
                parent=rng.choice(tops) if tops and n % 3 == 2 else None,
                body=body,
                body_html=render_comment(body),
                created_at=article.published_at + datetime.timedelta(hours=n + 1),
            )
            if comment.parent is None:
                comment.save()
                tops.append(comment)
            else:
                batch.append(comment)
        Comment.objects.bulk_create(batch)  # sends no signals: count the replies in as well
        article_count_comments(article_id=article.pk)
        made += per_article
    return made


def start_server(env):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=os.environ | env | {"BIND": f"127.0.0.1:{PORT}", "GUNICORN_ACCESS_LOG": "off"},
        stdout=subprocess.DEVNULL,
        stderr=(WORK / "gunicorn.log").open("w"),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start on port {PORT}")


MODES = {"cached": (), "uncached": ("Cookie: sessionid=bench",)}  # main() adds "member"
RENDER_REQUESTS = 200


def member_session():
    """The session key of a signed-in member, made in the database the server reads."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    member, _ = get_user_model().objects.get_or_create(
        username="bench-member",
        defaults={"email": "bench-member@example.org", "email_verified_at": timezone.now()},
    )
    client = Client()
    client.force_login(member)
    return client.cookies["sessionid"].value


def wrk(path, seconds, connections, headers=()):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(ROOT / "bench" / "report.lua")]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def queries(path, cached, session=None):
    """SQL queries and body bytes of one request, in-process: from the page cache (`cached`),
    else with every cache empty, as a visitor or with the `session` key of a member."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # a new connection's own first queries are not the page's
    if session:
        client.cookies["sessionid"] = session
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), len(response.content), response.get("X-Cache", "-")


def measure_all(args, member):
    """Every page in every mode, round after round; each keeps its best round. `member`: the
    signed-in member's session key, for counting their queries."""
    seconds = max(args.duration // args.rounds, 1)
    best = {}
    for round_number in range(1, args.rounds + 1):
        for label, path in PAGES:
            print(f"… round {round_number}: {label}", flush=True)
            modes = {"cached": ()} if path == "/healthz" else MODES
            for mode, headers in modes.items():
                result = wrk(path, seconds, args.connections, headers)
                if result["rps"] > best.get((path, mode), {"rps": -1})["rps"]:
                    best[path, mode] = result
    rows = []
    for label, path in PAGES:
        row = {"label": label, "path": path, "cached": best[path, "cached"]}
        if path == "/healthz":
            row["uncached"] = row["member"] = row["cached"]
            row["queries"], row["bytes"] = (0, 0, 0), 2
        else:
            row["uncached"], row["member"] = best[path, "uncached"], best[path, "member"]
            cached_queries, row["bytes"], state = queries(path, cached=True)
            never_cached = path.startswith("/search/")
            assert state == "HIT" or args.no_page_cache or never_cached, (path, state)
            row["queries"] = (
                queries(path, cached=False)[0],
                cached_queries,
                queries(path, cached=False, session=member)[0],
            )
            if path == f"/articles/{SHOWCASE}/":
                row["render"] = render_times(path, member)
        rows.append(row)
    return rows


def render_times(path, member):
    """In-process milliseconds per request of `path` with every cache off (DummyCache,
    PAGE_CACHE_SECONDS=0), as a visitor and as the member: median and p10 of RENDER_REQUESTS
    requests after 20 warm-up ones, with the queries of one."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    off = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    results = {}
    with override_settings(CACHES=off, PAGE_CACHE_SECONDS=0):
        for who, session in (("visitor", None), ("member", member)):
            client = Client(HTTP_HOST="127.0.0.1")
            if session:
                client.cookies["sessionid"] = session
            for _ in range(20):
                client.get(path)
            times = []
            for _ in range(RENDER_REQUESTS):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            times.sort()
            results[who] = (times[len(times) // 2], times[len(times) // 10], len(captured))
    return results


def report(rows, args):
    ceiling = rows[0]["cached"]["rps"]
    lines = [
        "| page | cached req/s | % of /healthz | p50 ms | p99 ms "
        "| uncached req/s | % of /healthz | p50 ms | p99 ms "
        "| member req/s | % of /healthz | p99 ms | SQL empty / cached / member | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        c, u, m = row["cached"], row["uncached"], row["member"]
        q = row["queries"]
        lines.append(
            f"| {row['label']} | {c['rps']:.0f} | {100 * c['rps'] / ceiling:.0f}% "
            f"| {c['p50_ms']:.1f} | {c['p99_ms']:.1f} | {u['rps']:.0f} "
            f"| {100 * u['rps'] / ceiling:.0f}% | {u['p50_ms']:.1f} | {u['p99_ms']:.1f} "
            f"| {m['rps']:.0f} | {100 * m['rps'] / ceiling:.0f}% | {m['p99_ms']:.1f} "
            f"| {q[0]} / {q[1]} / {q[2]} | {row['bytes']:,} |"
        )
    errors = sum(row[kind]["errors"] for row in rows for kind in ("cached", "uncached", "member"))
    workers = os.environ.get("WEB_CONCURRENCY") or f"{2 * os.cpu_count() + 1} (2 × cores + 1)"
    threads = os.environ.get("GUNICORN_THREADS") or "1 (sync workers)"
    title = (
        "Throughput without the page cache (PAGE_CACHE_SECONDS=0)"
        if args.no_page_cache
        else "Throughput"
    )
    from blog.models import Article
    from comments.models import Comment

    text = "\n".join(
        [
            f"## {title}",
            "",
            f"Machine: {machine()}. gunicorn workers: {workers}; threads: {threads}; "
            f"access log off. wrk -t2 -c{args.connections}, {args.duration} s per page and mode "
            f"in {args.rounds} rounds (the best counts), on the same machine. "
            f"Data: {Article.objects.count():,} articles, {Comment.objects.count():,} comments. "
            f"Errors or non-2xx answers: {errors}.",
            "",
            "*cached*: anonymous reader, page in the cache"
            + (
                " (here the cache is off, and so are the fragments: every request "
                "renders the whole page)"
                if args.no_page_cache
                else ""
            )
            + ". *uncached*: the same request with `Cookie: sessionid=bench` (an unknown "
            "session: still anonymous, but the page cache steps aside, so the view runs every "
            "time, as a member's does"
            + ("" if args.no_page_cache else ", with the `{% cache %}` fragments")
            + "). *member*: a signed-in member with a real session (the session and the member "
            "are read from the database on every request). *SQL empty*: a visitor's request "
            "with every cache empty. `bytes`: the anonymous page.",
            "",
            *lines,
        ]
    )
    rendered = [row for row in rows if "render" in row]
    if rendered:
        render = rendered[0]["render"]
        text += "\n".join(
            [
                "",
                "",
                f"Every cache off (DummyCache, PAGE_CACHE_SECONDS=0), in-process, "
                f"{rendered[0]['label']} with {COMMENTS_PER_ARTICLE} comments, production "
                f"settings, Django's test client, {RENDER_REQUESTS} requests after 20:",
                "",
                "| reader | median ms | p10 ms | SQL queries |",
                "|---|---:|---:|---:|",
                *(
                    f"| {who} | {median:.1f} | {p10:.1f} | {count} |"
                    for who, (median, p10, count) in render.items()
                ),
            ]
        )
    print()
    print(text)
    write_section("no-page-cache" if args.no_page_cache else "throughput", text)
    print(f"\nWritten to {os.path.relpath(ROOT / 'bench' / 'RESULTS.md')}.")


if __name__ == "__main__":
    main()
