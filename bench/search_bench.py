"""Search benchmark: 100,000 published articles in PostgreSQL, timed over fixed queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/folio_bench make bench-search

Migrates the database DATABASE_URL names (it must be PostgreSQL and should be a scratch
database), loads ARTICLES generated articles unless they are already there, then times
`blog.search.search_articles()` the way the search page uses it: the count for the
paginator plus the first page of ten results with their snippets. Each query runs once to
warm the cache, then RUNS times. Prints the results and writes bench/SEARCH_RESULTS.md.
"""

import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog.models import Article, Category  # noqa: E402
from blog.search import search_articles  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", 100_000))
BATCH = 2_000
RUNS = 5
SEED = 20_240_601
PREFIX = "bench-"
INDEX = "blog_article_search_idx"  # as migration blog 0004 creates it

# Real words readers would type, then made-up ones for a long, Zipf-shaped vocabulary.
DOMAIN_WORDS = """
acupuncture needle pain back chronic nerve spine muscle tension sleep stress brain fascia
inflammation cupping moxibustion meridian qi herbal massage stretch posture exercise walking
yoga pilates breathing relaxation therapy clinic trial placebo evidence research study patient
doctor physiotherapist injury recovery healing joint knee shoulder neck hip headache migraine
arthritis fibromyalgia sciatica disc ligament tendon cartilage bone strength mobility balance
endorphin serotonin dopamine cortisol hormone immune gut diet nutrition vitamin magnesium
omega hydration fatigue anxiety depression mood memory attention habit routine mindfulness
meditation heat ice compression rest movement gait running swimming cycling weight load
dose response signal receptor spinal cord cortex thalamus amygdala hippocampus neuron synapse
plasticity sensitisation gate control referred trigger point release acupressure tuina
guasha electroacupuncture laser ultrasound manipulation chiropractic osteopathy surgery
medication opioid ibuprofen paracetamol gabapentin side effect dependence tolerance
""".split()


# English's most frequent words take the top Zipf ranks, as in real text; the search
# configuration drops them, so content words get realistic document frequencies.
STOP_WORDS = """
the of and to a in is it that for was on are as with be at by this have from or an but not
what all were when we there can which their if do will each about how up out them then she
""".split()


def vocabulary(rng, size=6_000, real_words_within=1_500):
    """Words by frequency rank: stop words first, real words scattered over the next ranks."""
    syllables = ["ka", "lo", "mi", "ren", "sa", "tor", "vi", "ne", "qua", "dal", "fen", "ost", "ur",
                 "bel", "cy", "dro", "ex", "gar", "hin", "ja"]  # fmt: skip
    seen, made = set(DOMAIN_WORDS), []
    while len(made) < size - len(DOMAIN_WORDS):
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            made.append(word)
    head = made[: real_words_within - len(DOMAIN_WORDS)] + list(DOMAIN_WORDS)
    rng.shuffle(head)
    return STOP_WORDS + head + made[real_words_within - len(DOMAIN_WORDS) :]


QUERIES = [
    "pain",
    "acupuncture",
    "chronic back pain",
    "needle",
    "sleep stress",
    "migraine headache",
    "fascia release",
    '"trigger point"',
    "spinal cord neuron",
    "cupping -moxibustion",
    "physiotherapist recovery",
    "placebo trial evidence",
    "omega vitamin diet",
    "electroacupuncture",
    "gabapentin dependence",
    "amygdala",
    "walking running cycling",
    "meditation mindfulness anxiety",
    "how acupuncture can relieve chronic back pain naturally",
    "zzqxj nonexistent",
]


def generate(rng, words, weights, count, category, author, start):
    now = timezone.now()

    def text(n):
        return " ".join(rng.choices(words, cum_weights=weights, k=n))

    articles = []
    for number in range(start, start + count):
        title = text(rng.randint(4, 9)).capitalize()
        summary = text(rng.randint(20, 35)).capitalize() + "."
        paragraphs = [
            text(rng.randint(40, 90)).capitalize() + "." for _ in range(rng.randint(3, 6))
        ]
        body = "\n\n".join(paragraphs)
        articles.append(
            Article(
                title=title[:200],
                slug=f"{PREFIX}{number}",
                summary=summary[:300],
                body=body,
                body_html="".join(f"<p>{p}</p>\n" for p in paragraphs),
                body_text=body,
                reading_time=max(1, len(body.split()) // 200),
                category=category,
                author=author,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=number),
                first_published_at=now - timedelta(minutes=number),
            )
        )
    return articles


def load():
    existing = Article.objects.filter(slug__startswith=PREFIX).count()
    if existing == ARTICLES:
        print(f"{existing:,} bench articles already loaded.")
        return None
    if existing:
        print(f"Removing {existing:,} bench articles from an earlier run…")
        Article.objects.filter(slug__startswith=PREFIX).delete()
    rng = random.Random(SEED)
    words = vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        cumulative.append(total)
    category, _ = Category.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark", "description": "Generated for bench/."}
    )
    author, _ = get_user_model().objects.get_or_create(
        username="bench-author", defaults={"email": "bench@folio.localhost"}
    )
    print(f"Loading {ARTICLES:,} articles in batches of {BATCH:,}…")
    started = time.perf_counter()
    # As for any bulk load: drop the GIN index, insert, then build the index in one pass.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    try:
        for start in range(0, ARTICLES, BATCH):
            batch = generate(
                rng, words, cumulative, min(BATCH, ARTICLES - start), category, author, start
            )
            with transaction.atomic():
                Article.objects.bulk_create(batch, batch_size=BATCH)
            print(f"  {start + len(batch):>7,}", end="\r", flush=True)
    finally:
        with connection.cursor() as cursor:
            print("\nBuilding the GIN index…")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON blog_article USING gin (search_vector)"
            )
            cursor.execute("VACUUM ANALYZE blog_article")
    seconds = time.perf_counter() - started
    print(f"Loaded and indexed in {seconds:.0f} s (the trigger builds each vector on insert).")
    return seconds


def time_query(query):
    started = time.perf_counter()
    results = search_articles(query)
    total = results.count()
    page = results[:10]
    return time.perf_counter() - started, total, page


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    if connection.vendor != "postgresql":
        sys.exit("The search benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    load_seconds = load()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    rows, all_times = [], []
    for query in QUERIES:
        time_query(query)  # warm-up
        times, total = [], 0
        for _ in range(RUNS):
            seconds, total, _page = time_query(query)
            times.append(seconds * 1000)
        all_times.extend(times)
        rows.append((query, total, statistics.median(times), max(times)))
        print(f"{query[:48]:<50} {total:>7,} matches  median {statistics.median(times):7.1f} ms")
    median, p95 = statistics.median(all_times), percentile(all_times, 0.95)
    plan = search_articles("acupuncture").queryset.explain()
    index_used = "blog_article_search_idx" in plan
    summary = (
        f"Median {median:.1f} ms, p95 {p95:.1f} ms over {len(all_times)} timed searches "
        f"({len(QUERIES)} queries × {RUNS} runs); GIN index used: {'yes' if index_used else 'NO'}."
    )
    print(summary)
    write_results(rows, summary, plan, server_version, load_seconds)


def write_results(rows, summary, plan, server_version, load_seconds):
    total = Article.objects.published().count()
    lines = [
        "# Search benchmark",
        "",
        "Written by `bench/search_bench.py` (`make bench-search`). Each search is what the search",
        "page does: count the matches for the paginator, then fetch the first ten by rank with",
        f"their `ts_headline` snippets. One warm-up run per query, then {RUNS} timed runs.",
        "",
        f"- Published articles searched: {total:,} (generated: a Zipf-shaped vocabulary of "
        "6,000 words headed by common English stop words, 4–9 word titles, 20–35 word "
        "summaries, 120–540 word bodies)",
        f"- PostgreSQL {server_version}; Python {platform.python_version()}; {platform.machine()}",
        f"- Load time: {f'{load_seconds:.0f} s' if load_seconds else 'reused an earlier load'}",
        "",
        f"**{summary}**",
        "",
        "| query | matches | median ms | slowest ms |",
        "|---|---:|---:|---:|",
        *(
            f"| `{query}` | {count:,} | {median:.1f} | {slowest:.1f} |"
            for query, count, median, slowest in rows
        ),
        "",
        "Reading the numbers: the GIN index finds the matching articles, but ranking has to read",
        "and score the stored vector of every match before the best ten are known, so the time",
        "follows the number of matches. Searches slower than 500 ms here:",
        "",
        *(
            f"- `{query}`: {count / total:.0%} of all articles match ({median:.0f} ms)"
            for query, count, median, _ in rows
            if median > 500
        ),
        "",
        "Plan for `acupuncture`:",
        "",
        "```",
        plan,
        "```",
        "",
    ]
    (ROOT / "bench" / "SEARCH_RESULTS.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
