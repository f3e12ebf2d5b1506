"""Article search: one function, a backend per database, the same results either way.

PostgreSQL: full-text search on the weighted `search_vector` column that a trigger keeps
current (title A, summary B, body C; see migration 0004), served by its GIN index, ordered by
`ts_rank`, with `ts_headline` snippets. Other databases (SQLite in development and in the
default test run): every word must appear in the title, summary or body; a title match ranks
above a summary match above a body match; snippets are cut here.

`search_articles()` returns `SearchResults`, which the paginator counts and slices. Each article
it yields carries `snippet`: safe HTML in which everything is escaped except the <mark> around
matching words. Only published articles are ever found.
"""

import re
from html import escape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Concat
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_WORDS = 35
CONFIG = "english"
# ts_headline wraps matches in these; the text is escaped before they become <mark> tags.
# Article.save() strips control characters from the body, so the text never contains them.
_START, _STOP = "\x02", "\x03"
_LT, _GT = "\x04", "\x05"
_QUERY_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """Collapse whitespace and cut to MAX_QUERY_LENGTH; returns (query, was_truncated).

    Control characters count as spaces: PostgreSQL refuses a NUL in a query parameter.
    """
    query = " ".join(_QUERY_CONTROLS.sub(" ", raw or "").split())
    if len(query) <= MAX_QUERY_LENGTH:
        return query, False
    return query[:MAX_QUERY_LENGTH].rstrip(), True


def search_articles(query):
    """Published articles matching `query`, best match first, each with a `snippet`."""
    query, _ = clean_query(query)
    if not query:
        return SearchResults(Article.objects.none(), snippet=lambda article: "")
    if connection.vendor == "postgresql":
        return _search_postgresql(query)
    return _search_fallback(query)


class SearchResults:
    """A lazy result list: `count()` and slicing each run one query, as the paginator needs."""

    def __init__(self, queryset, *, snippet):
        self.queryset = queryset
        self._snippet = snippet
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        articles = list(self.queryset[index])
        for article in articles:
            article.snippet = self._snippet(article)
        return articles

    def __iter__(self):
        return iter(self[:])


class StoredSearchVector(Expression):
    """The PostgreSQL-only `search_vector` column (not a model field; see migration 0004)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(Article._meta.db_table)
        return f"{table}.search_vector", []


def _base_queryset():
    return Article.objects.published().select_related("author", "category")


def _document():
    return Concat(F("summary"), Value("\n"), F("body_text"), output_field=TextField())


def _without_angle_brackets(expression):
    # ts_headline drops anything shaped like an HTML tag; the words "<b>" must survive as text.
    return Func(
        expression, Value("<>"), Value(_LT + _GT), function="translate", output_field=TextField()
    )


def _search_postgresql(query):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    vector = StoredSearchVector()
    queryset = (
        _base_queryset()
        .alias(document_vector=vector)
        .filter(document_vector=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            headline=SearchHeadline(
                _without_angle_brackets(_document()),
                search_query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )
    return SearchResults(queryset, snippet=lambda article: _mark(article.headline))


def _mark(headline):
    """Escape ts_headline's plain-text output, then turn its markers into <mark> tags."""
    text = headline.replace(_LT, "<").replace(_GT, ">")
    return mark_safe(  # noqa: S308 - every character of the text is escaped first
        escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


def query_terms(query):
    """The distinct words of `query`, lower-cased, at most MAX_TERMS of them."""
    terms = []
    for word in re.findall(r"\w+", query.lower()):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _search_fallback(query):
    terms = query_terms(query)
    if not terms:
        return SearchResults(Article.objects.none(), snippet=lambda article: "")
    queryset = _base_queryset()
    rank = Value(0)
    for term in terms:
        in_title = Q(title__icontains=term)
        in_summary = Q(summary__icontains=term)
        in_body = Q(body_text__icontains=term)
        queryset = queryset.filter(in_title | in_summary | in_body)
        # 4 + 2 + 1: one title match outweighs matches in both summary and body.
        rank = (
            rank
            + Case(When(in_title, then=Value(4)), default=Value(0))
            + Case(When(in_summary, then=Value(2)), default=Value(0))
            + Case(When(in_body, then=Value(1)), default=Value(0))
        )
    queryset = queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-id")
    return SearchResults(
        queryset,
        snippet=lambda article: build_snippet(f"{article.summary}\n{article.body_text}", terms),
    )


# A run of word characters: one pass over the text, nothing to backtrack into.
_WORD = re.compile(r"\w+")


def build_snippet(text, terms, words=SNIPPET_WORDS):
    """About `words` words of `text` around the first word containing one of `terms` (lower
    case), escaped, with each such word marked.

    Linear in the text: each whitespace-separated token is lower-cased once and each run of
    word characters in it tested with `in`, never a pattern like \\w*(?:term)\\w* that
    retries from every position of a long word (28 s for a word of 20,000 characters)."""
    tokens = text.split()
    first = next((i for i, token in enumerate(tokens) if _contains(token.lower(), terms)), 0)
    start = max(0, first - words // 3)
    end = min(len(tokens), start + words)
    fragment = " ".join(tokens[start:end])
    parts, last = [], 0
    for match in _WORD.finditer(fragment):
        if not _contains(match.group().lower(), terms):
            continue
        parts.append(escape(fragment[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(fragment[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - built from escaped parts


def _contains(word, terms):
    return any(term in word for term in terms)
