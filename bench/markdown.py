"""Markdown render times before and after markdown-it-py: `make bench-markdown` (2-3 minutes).

"Before" is the renderer Folio had until issue 18: python-markdown with the extensions tables,
fenced_code, sane_lists and toc, H1 shown as H2, then the nh3 allow-list. "After" is
core.markdown.render(): markdown-it-py within the limits (MAX_LENGTH, MAX_DEPTH), the same
allow-list. Each input is rendered in a child process stopped after --timeout seconds (the
quadratic cases would take half an hour); the time is the best of 3 runs (pathological) or of
--repeat runs (ordinary), the one least disturbed by other work on the machine. The column
"no limits" is render()'s markdown-it-py parser without the length and depth checks, to show
that its time grows linearly. The table goes to bench/RESULTS.md.

`--diff` prints, for each demo article, page and FAQ, the difference between the HTML a reader
got before and gets now (heading ids compared without their new "h-" prefix).
"""

import argparse
import difflib
import html
import importlib.util
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path
from textwrap import dedent

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# This file is bench/markdown.py: with bench/ on the path, `import markdown` would import it.
sys.path[:] = [str(ROOT)] + [path for path in sys.path if Path(path or ".").resolve() != BENCH]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import markdown as python_markdown  # noqa: E402
import nh3  # noqa: E402

from blog.demo.articles import ARTICLES  # noqa: E402
from core import markdown as folio_markdown  # noqa: E402
from pages.demo import FAQS, PAGES  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_common", BENCH / "common.py")
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)

_H1 = re.compile(r"<(/?)h1(\b[^>]*)>")
OLD_ATTRIBUTES = {
    **{tag: names - {"id"} for tag, names in folio_markdown.ALLOWED_ATTRIBUTES.items()},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}


def before(text):
    """Folio's render() until issue 18."""
    md = python_markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "toc"],
        extension_configs={"toc": {"toc_depth": "1-6"}},
        output_format="html",
    )
    body = _H1.sub(r"<\1h2\2>", md.convert(text))
    plain = nh3.clean(body, tags=set())
    len(html.unescape(plain).split())
    return nh3.clean(
        body,
        tags=folio_markdown.ALLOWED_TAGS,
        attributes={tag: set(names) for tag, names in OLD_ATTRIBUTES.items() if names},
        url_schemes=folio_markdown.URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def after(text):
    try:
        return folio_markdown.render(text).html
    except folio_markdown.MarkdownRefused as refused:
        return refused


def unlimited(text):
    """render()'s parser without the length and depth checks (deep nesting is cut silently)."""
    return folio_markdown._MD.render(text)


def nested_list(levels):
    return "\n".join("    " * level + "- item" for level in range(levels))


PATHOLOGICAL = [
    ("1,000 `![` pairs", "![" * 1_000),
    ("2,000 `![` pairs", "![" * 2_000),
    ("25,000 `![` pairs (at the length limit)", "![" * 25_000),
    ("50,000 `![` pairs", "![" * 50_000),
    ("300-level nested list (4-space indents)", nested_list(300)),
    ("300 nested lists on one line (`- - - …`)", "- " * 300 + "item"),
    ("300 nested quotes (`>>>…`)", ">" * 300 + " deep"),
    ("10,000 `*` each side of a word", "*" * 10_000 + "word" + "*" * 10_000),
    ("10,000 unclosed links `[a](`", "[a](" * 10_000),
    ("12,500 `*[` pairs (at the length limit)", "*[" * 12_500 + "x" + "]*" * 12_499),
    (
        "a chain of 1,500 references",
        "".join(f"[r{n}]: /r{n + 1}\n" for n in range(1_500))
        + "\n"
        + " ".join(f"[r{n}][r{n + 1}]" for n in range(1_500)),
    ),
]


def ordinary():
    cases = [(f"article: {spec['title']}", spec["body"]) for spec in ARTICLES]
    cases += [(f"page: {spec['title']}", spec["body"]) for spec in PAGES]
    answers = "\n\n".join(dedent(answer) for *_, answer in FAQS)
    cases.append((f"all {len(FAQS)} FAQ answers", answers))
    return cases


def _child(function, text, repeat, queue):
    times, outcome = [], ""
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            result = function(text)
            times.append(time.perf_counter() - start)
        if isinstance(result, folio_markdown.MarkdownRefused):
            outcome = "refused: " + ("too long" if "too long" in str(result) else "too deep")
    except RecursionError:
        times.append(time.perf_counter() - start)
        outcome = "RecursionError (a 500)"
    queue.put((min(times), outcome))


def timed(function, text, *, repeat, timeout):
    """(seconds or None when stopped, outcome) of `function(text)` in a child process."""
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_child, args=(function, text, repeat, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join()
        return None, f"stopped after {timeout:g} s"
    return queue.get()


def cell(seconds, outcome):
    if seconds is None:
        return f"> {outcome.split()[-2]} s (stopped)"
    shown = f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"
    return f"{shown} ({outcome})" if outcome else shown


def table(cases, *, repeat, timeout, limits_column):
    header = "| input | characters | before: python-markdown | after: render() |"
    rule = "|---|--:|--:|--:|"
    if limits_column:
        header += " markdown-it-py, no limits |"
        rule += "--:|"
    lines = [header, rule]
    for name, text in cases:
        row = [name, f"{len(text):,}"]
        row.append(cell(*timed(before, text, repeat=repeat, timeout=timeout)))
        row.append(cell(*timed(after, text, repeat=repeat, timeout=timeout)))
        if limits_column:
            row.append(cell(*timed(unlimited, text, repeat=repeat, timeout=timeout)))
        lines.append("| " + " | ".join(row) + " |")
        print(lines[-1], flush=True)
    return lines


READING = """\
Reading: before, the time of a run of `![` grows with the square of its length (1,000 to 2,000
pairs: about x4), runs of `[a](` and `*[` take over 30 s, and deep lists or emphasis runs raise
RecursionError (a 500). After, time grows linearly (the "no limits" column: 25,000 to 50,000
pairs, about x2), inputs beyond the limits are refused before parsing, and the slowest inputs
known at the length limit (`*[` and `![` runs) take about a second at most on a busy shared
machine. The demo renders to the same HTML as before except for the heading ids (now "h-…")
and the indentation of list items' continuation lines in two pages (`--diff`), which a
reader does not see."""


def diff():
    changed = 0
    faqs = [(f"FAQ: {question}", dedent(answer)) for _, _, question, answer in FAQS]
    pages = [(f"page: {spec['title']}", spec["body"]) for spec in PAGES]
    for name, text in ordinary()[: len(ARTICLES)] + pages + faqs:
        old = before(text).rstrip("\n")
        new = re.sub(r'id="h-', 'id="', folio_markdown.render(text).html)
        if old != new:
            changed += 1
            print(f"== {name}")
            lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            print("\n".join(lines))
    print(f"{changed} of {len(ARTICLES) + len(pages) + len(faqs)} bodies render differently")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of each ordinary render")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before stopping")
    parser.add_argument("--diff", action="store_true", help="print the demo's HTML differences")
    parser.add_argument("--no-write", action="store_true", help="leave bench/RESULTS.md alone")
    args = parser.parse_args()
    if args.diff:
        diff()
        return
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print("Pathological inputs (best of 3 runs)")
    hostile = table(PATHOLOGICAL, repeat=3, timeout=args.timeout, limits_column=True)
    print(f"Ordinary renders (best of {args.repeat} runs)")
    normal = table(ordinary(), repeat=args.repeat, timeout=args.timeout, limits_column=False)
    text = "\n".join(
        [
            "## Markdown rendering before and after markdown-it-py (issue 18)",
            "",
            f"`make bench-markdown` (bench/markdown.py) on {common.machine()}. Limits: "
            f"{folio_markdown.MAX_LENGTH:,} characters, lists and quotes "
            f"{folio_markdown.MAX_DEPTH} deep. Each render includes the nh3 sanitiser. Load "
            f"average at the start: {load}; the best of several runs is the least disturbed.",
            "",
            f"Pathological inputs (best of 3 runs; a run is stopped after {args.timeout:g} s):",
            "",
            *hostile,
            "",
            f"Ordinary renders, the demo content (best of {args.repeat} runs):",
            "",
            *normal,
            "",
            READING,
        ]
    )
    if not args.no_write:
        common.write_section("markdown", text)


if __name__ == "__main__":
    main()
