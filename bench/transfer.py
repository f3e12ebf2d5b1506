"""Importing a 1,000-article WordPress export: `make bench-transfer` (about four minutes).

Writes a WXR file of --articles generated posts (about 600 words of HTML each, a category, two
tags, three comments, one a reply, one post in ten with a featured image from the media folder),
recreates the PostgreSQL database DATABASE_URL (default folio_import_bench on 127.0.0.1), and
times `manage.py import_wordpress` in-process with production settings: a dry run on the empty
database, the first import, and a second run (every item unchanged, so skipped). Memory: the
process's peak resident size (getrusage) before and after, and tracemalloc's peak while only
reading the export (no database) at 1x and 4x the size, which shows that the reader streams:
its peak does not grow with the file. The table goes to bench/RESULTS.md.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from io import StringIO
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, environment, machine, recreate_database, write_section

PARAGRAPH = (
    "<p>Acupuncture for chronic back pain has been studied in many randomised trials; "
    "<strong>sham-controlled</strong> designs try to separate the needle from the ritual, and "
    'the <a href="https://example.org/review">largest reviews</a> find a small, real effect '
    "that fades after some months. Patients often report better sleep and less stiffness.</p>"
)


def write_wxr(path, articles):
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for n in range(5):
            out.write(
                f"<wp:author><wp:author_login>author{n}</wp:author_login><wp:author_email>"
                f"author{n}@bench.example</wp:author_email><wp:author_display_name>Author {n}"
                "</wp:author_display_name></wp:author>\n"
            )
        for n in range(10):
            out.write(
                f"<item><title>Image {n}</title><wp:post_id>{900000 + n}</wp:post_id>"
                "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                f"<wp:attachment_url>https://old.example/wp-content/uploads/cover-{n}.png"
                "</wp:attachment_url></item>\n"
            )
        body = escape("\n\n".join([PARAGRAPH] * 8 + ["<h2>Results</h2>"] + [PARAGRAPH] * 4))
        for n in range(1, articles + 1):
            thumbnail = (
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>"
                f"{900000 + n % 10}</wp:meta_value></wp:postmeta>"
                if n % 10 == 0
                else ""
            )
            comments = "".join(
                f"<wp:comment><wp:comment_id>{n * 10 + c}</wp:comment_id><wp:comment_author>"
                f"Reader {c}</wp:comment_author><wp:comment_author_email>reader{c}@bench.example"
                "</wp:comment_author_email><wp:comment_date_gmt>2024-01-02 10:00:0"
                f"{c}</wp:comment_date_gmt><wp:comment_content>A comment number {c}."
                "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                f"<wp:comment_parent>{n * 10 if c == 2 else 0}</wp:comment_parent></wp:comment>"
                for c in range(3)
            )
            out.write(
                f"<item><title>Generated article {n}</title>"
                f"<link>https://old.example/2024/01/generated-{n}/</link>"
                f"<dc:creator>author{n % 5}</dc:creator>"
                f"<content:encoded>{body}</content:encoded>"
                "<excerpt:encoded></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2024-01-01 "
                f"{n % 24:02}:00:00</wp:post_date_gmt><wp:post_name>generated-{n}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="c{n % 5}">Category {n % 5}</category>'
                f'<category domain="post_tag" nicename="t{n % 20}">tag {n % 20}</category>'
                f'<category domain="post_tag" nicename="u{n % 7}">topic {n % 7}</category>'
                f"{thumbnail}{comments}</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def write_media(directory):
    from PIL import Image

    directory.mkdir(parents=True, exist_ok=True)
    for n in range(10):
        Image.new("RGB", (1200, 675), (20 * n, 90, 140)).save(directory / f"cover-{n}.png")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(path, media, *extra):
    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command(
        "import_wordpress", str(path), "--media-dir", str(media), "--no-fetch", *extra,
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    return time.perf_counter() - started, out.getvalue()


def reading_peak_mb(path):
    """tracemalloc's peak while reading every entry of the export, storing nothing."""
    from transfer.wordpress import WordPressExport

    tracemalloc.start()
    count = sum(1 for _ in WordPressExport(path).entries())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    args = parser.parse_args()
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/folio_import_bench"
    )
    environment(database_url, CACHE_URL="locmemcache://")
    recreate_database(database_url)
    import django

    django.setup()
    from blog.models import Article
    from comments.models import Comment

    WORK.mkdir(parents=True, exist_ok=True)
    wxr, big, media = WORK / "export.xml", WORK / "export-4x.xml", WORK / "uploads"
    write_wxr(wxr, args.articles)
    write_wxr(big, args.articles * 4)
    write_media(media)
    rows = []
    for label, path in ((f"{args.articles:,}", wxr), (f"{args.articles * 4:,}", big)):
        count, peak = reading_peak_mb(path)
        size = path.stat().st_size / 1024 / 1024
        rows.append(f"| reading {label} articles ({size:.1f} MB), no database | {peak:.1f} MB |")
    rss_before = peak_rss_mb()
    dry, _ = timed_import(wxr, media, "--dry-run")
    first, output = timed_import(wxr, media)
    rss_after = peak_rss_mb()
    second, _ = timed_import(wxr, media)
    articles, comments = Article.objects.count(), Comment.objects.count()
    print(output)
    size = wxr.stat().st_size / 1024 / 1024
    load = os.getloadavg()[1]
    text = f"""## Import: {args.articles:,} WordPress articles

Machine: {machine()}, load average {load:.1f} over the last 5 minutes at the end.
`make bench-transfer` (bench/transfer.py): a generated WXR file of {args.articles:,} posts
({size:.1f} MB; about 600 words each, a category, two tags, three comments, one post in ten
with a featured image from the media folder), imported in-process with production settings
into PostgreSQL on loopback. Stored: {articles:,} articles,
{comments:,} comments.

| run | seconds | articles/s |
|---|---:|---:|
| dry run on the empty database (everything rolled back) | {dry:.1f} | {args.articles / dry:.0f} |
| first import | {first:.1f} | {args.articles / first:.0f} |
| second run (all unchanged: skipped) | {second:.1f} | {args.articles / second:.0f} |

| memory | peak |
|---|---:|
| process resident size before the imports (Django loaded, files written) | {rss_before:.0f} MB |
| process resident size after the dry run and the first import | {rss_after:.0f} MB |
{chr(10).join(rows)}

The reader keeps one `<item>` at a time (defusedxml's iterparse, each item dropped once read):
its peak does not grow with the file. Most of the import's time is converting, rendering and
saving each article and its comments (about 30 queries and one commit per article), and the
cover renditions; a skipped item still costs its HTML-to-Markdown conversion (the checksum is
of the converted item).
"""
    write_section("transfer", text)
    print(text)


if __name__ == "__main__":
    main()
