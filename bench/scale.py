"""Response times with 100,000 published articles: `make bench-scale` (about 2 minutes).

Recreates the PostgreSQL database DATABASE_URL (default folio_scale on 127.0.0.1), bulk-inserts
ARTICLES published articles (bodies rendered once per variant and stored with them, as
Article.save would), four categories and 60 tags (three per article), runs VACUUM ANALYZE,
then times each page in-process with Django's test client, uncached (PAGE_CACHE_SECONDS=0: no
page cache and no fragments, so every request renders the whole page), the median of 5
after one warm-up request. For each page it also runs EXPLAIN ANALYZE on the page's slowest
query and notes how PostgreSQL read it. The table goes to bench/RESULTS.md.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import environment, machine, manage, recreate_database, write_section

BATCH = 5_000
TARGET_MS = 100
PAGES = [
    ("home", "/"),
    ("article list, page 1", "/articles/"),
    ("article list, page 1,000", "/articles/?page=1000"),
    ("tag page", "/tag/tag-7/"),
    ("tag page, page 100", "/tag/tag-7/?page=100"),
    ("category page, page 1,000", "/category/category-2/?page=1000"),
    ("an article", None),
    ("sitemap index", "/sitemap.xml"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep-data", action="store_true", help="reuse the loaded database")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/folio_scale")
    environment(database_url, CACHE_URL="locmemcache://", PAGE_CACHE_SECONDS=0)
    if not args.keep_data:
        recreate_database(database_url)
    # The production settings serve static files from the manifest: without it every page
    # fails with "Missing staticfiles manifest entry".
    manage("collectstatic", "--noinput", "-v", "0")

    import django

    django.setup()
    if not args.keep_data:
        started = time.perf_counter()
        load(args.articles)
        print(f"Loaded {args.articles:,} articles in {time.perf_counter() - started:.0f} s.")
    rows = [time_page(label, path) for label, path in PAGES]
    report(rows)


def load(count):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from blog.demo.articles import ARTICLES
    from blog.models import Article, Category, Tag
    from core.markdown import render

    author = get_user_model().objects.create(username="scale-author", display_name="Scale")
    categories = Category.objects.bulk_create(
        Category(name=f"Category {n}", slug=f"category-{n}") for n in range(4)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"tag {n}", slug=f"tag-{n}") for n in range(60))
    # The demo bodies after the showcase are the length of a typical article (about 2,500
    # characters); rendering each once keeps loading fast.
    variants = [(spec, render(spec["body"])) for spec in ARTICLES[1:]]
    now = timezone.now()
    Through = Article.tags.through
    for start in range(0, count, BATCH):
        with transaction.atomic():
            batch = []
            for n in range(start, min(start + BATCH, count)):
                spec, rendered = variants[n % len(variants)]
                batch.append(
                    Article(
                        title=f"{spec['title']} ({n})",
                        slug=f"scale-{n}",
                        summary=spec["summary"],
                        body=spec["body"],
                        body_html=rendered.html,
                        toc=rendered.toc,
                        reading_time=rendered.reading_time,
                        author=author,
                        category=categories[n % len(categories)],
                        status=Article.Status.PUBLISHED,
                        published_at=now - datetime.timedelta(minutes=30 + n * 5),
                    )
                )
            Article.objects.bulk_create(batch)
            Through.objects.bulk_create(
                Through(article=article, tag=tags[(article.pk + offset) % len(tags)])
                for article in batch
                for offset in (0, 20, 40)
            )
        print(f"  {min(start + BATCH, count):,}", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_page(label, path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blog.models import Article

    if path is None:
        path = Article.objects.published().order_by("-id").first().get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    return {
        "label": label,
        "path": path,
        "median": statistics.median(times),
        "queries": len(captured.captured_queries),
        "plan": plan(slowest["sql"]),
        "slowest_ms": float(slowest["time"]) * 1000,
    }


def plan(sql):
    """How PostgreSQL read the query: its index scans and sorts, and the execution time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        [[[explained]]] = cursor.fetchall()
    nodes = []

    def walk(node):
        kind = node["Node Type"]
        if "Index" in node.get("Index Name", "") or "Index" in kind:
            kind = f"{kind} on {node.get('Index Name', '?')}"
        if kind not in nodes and kind not in ("Limit", "Aggregate", "Result"):
            nodes.append(kind)
        for child in node.get("Plans", ()):
            walk(child)

    walk(explained["Plan"])
    return f"{', '.join(nodes)} ({explained['Execution Time']:.1f} ms)"


def report(rows):
    from blog.models import Article

    lines = [
        "| page | median ms | SQL queries | under 100 ms | slowest query: plan (execution) |",
        "|---|---:|---:|:-:|---|",
    ]
    for row in rows:
        ok = "yes" if row["median"] < TARGET_MS else "**no**"
        lines.append(
            f"| {row['label']} (`{row['path']}`) | {row['median']:.1f} | {row['queries']} "
            f"| {ok} | {row['plan']} |"
        )
    text = "\n".join(
        [
            "## Scale: 100,000 articles",
            "",
            f"Machine: {machine()}. PostgreSQL on loopback, "
            f"{Article.objects.published().count():,} published articles, 3 tags each over 60 "
            "tags (each tag on 5,000 articles), 4 categories. Uncached (PAGE_CACHE_SECONDS=0: "
            "no page cache, no fragments), in-process test client, median of 5 after a "
            "warm-up. The sitemap index lists the article section's pages of at most 50,000 "
            "URLs each.",
            "",
            *lines,
        ]
    )
    print(text)
    write_section("scale", text)


if __name__ == "__main__":
    main()
