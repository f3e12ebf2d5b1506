"""Search: one function, PostgreSQL full text or the fallback, the same page either way."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from blog import search
from blog.models import Article
from blog.search import MAX_QUERY_LENGTH, search_articles
from tests.blog.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def postgres_only(test):
    """Runs in CI's PostgreSQL run; the default SQLite run skips it with this reason."""
    skip = pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL full-text path (CI's PostgreSQL run)"
    )
    return pytest.mark.postgres(skip(test))


FILLER = "Plain words about walking, sleeping and stretching."


@pytest.fixture
def ranked():
    """The word 'acupuncture' in the title of one, the summary of one, the body of one."""
    return {
        "body": ArticleFactory(
            title="A body match", summary=FILLER, body=f"{FILLER} Then acupuncture appears."
        ),
        "title": ArticleFactory(title="Acupuncture basics", summary=FILLER, body=FILLER),
        "summary": ArticleFactory(
            title="A summary match", summary="What acupuncture is.", body=FILLER
        ),
    }


def titles(results):
    return [article.title for article in results]


def test_results_rank_title_above_summary_above_body(ranked):
    assert titles(search_articles("acupuncture")) == [
        "Acupuncture basics",
        "A summary match",
        "A body match",
    ]


def test_drafts_scheduled_and_review_articles_are_never_found(ranked):
    ArticleFactory(title="Acupuncture draft", draft=True)
    ArticleFactory(title="Acupuncture scheduled", scheduled=True)
    ArticleFactory(title="Acupuncture in review", status="review", published_at=None)

    found = titles(search_articles("acupuncture"))

    assert len(found) == 3
    assert not any(
        title.startswith("Acupuncture ") and title != "Acupuncture basics" for title in found
    )


def test_every_word_must_match():
    ArticleFactory(title="Needles and back pain", body=FILLER)
    ArticleFactory(title="Needles alone", body=FILLER)

    assert titles(search_articles("needles pain")) == ["Needles and back pain"]


def test_snippet_escapes_html_and_keeps_the_marks():
    ArticleFactory(
        title="Markup",
        summary="Fish & <i>chips</i> beside acupuncture.",
        body="Write the `<b>` tag & then acupuncture, said <script>alert(1)</script> nobody.",
    )

    (article,) = search_articles("acupuncture")
    snippet = str(article.snippet)

    assert "<mark>acupuncture</mark>" in snippet
    assert "Fish &amp; &lt;i&gt;chips&lt;/i&gt;" in snippet
    assert "&lt;b&gt; tag &amp; then" in snippet
    for raw in ("<i>", "<b>", "<script", " & "):
        assert raw not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_quotes_text_around_a_match_deep_in_the_body():
    before = " ".join(f"before{i}" for i in range(200))
    after = " ".join(f"after{i}" for i in range(200))
    ArticleFactory(title="Long one", summary="Nothing here.", body=f"{before} moxibustion {after}")

    (article,) = search_articles("moxibustion")

    assert "<mark>moxibustion</mark>" in article.snippet
    assert "before0 " not in article.snippet
    assert "before199 <mark>moxibustion</mark> after0" in article.snippet


def test_blank_query_finds_nothing(ranked):
    assert list(search_articles("   ")) == []


def test_fallback_matches_any_case_and_marks_whole_words():
    ArticleFactory(title="Sleep", summary=FILLER, body="Painful nights are common.")

    (article,) = search._search_fallback("PAIN")

    assert "<mark>Painful</mark>" in article.snippet


def test_fallback_ranks_title_above_summary_above_body(ranked):
    assert titles(search._search_fallback("acupuncture")) == [
        "Acupuncture basics",
        "A summary match",
        "A body match",
    ]


def test_search_page_shows_ranked_results_with_snippets(client, ranked):
    response = client.get(reverse("blog:search"), {"q": "acupuncture"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "3 articles found" in content
    assert content.index("Acupuncture basics") < content.index("A summary match")
    assert content.index("A summary match") < content.index("A body match")
    assert "<mark>acupuncture</mark>" in content
    assert 'value="acupuncture"' in content


def test_search_page_without_a_query_asks_for_words(client, ranked):
    content = client.get(reverse("blog:search")).content.decode()

    assert "Type a word or a phrase" in content
    assert "Acupuncture basics" not in content


def test_search_page_without_matches_says_so(client, ranked):
    content = client.get(reverse("blog:search"), {"q": "zebra"}).content.decode()

    assert "No articles match “zebra”" in content


def test_overlong_query_is_cut_with_a_notice(client, ranked):
    query = "acupuncture " + "x" * 400

    response = client.get(reverse("blog:search"), {"q": query})
    content = response.content.decode()

    assert response.status_code == 200
    assert f"only the first {MAX_QUERY_LENGTH} were used" in content
    assert response.context["search_query"] == query[:MAX_QUERY_LENGTH]


def test_search_pages_keep_the_query_in_their_links(client):
    for number in range(12):
        ArticleFactory(title=f"Cupping note {number}")

    first = client.get(reverse("blog:search"), {"q": "cupping note"}).content.decode()
    second = client.get(reverse("blog:search"), {"q": "cupping note", "page": 2})

    assert 'href="?q=cupping+note&amp;page=2"' in first
    assert len(second.context["articles"]) == 2


def test_search_page_query_count_does_not_grow_with_results(client, django_assert_num_queries):
    for number in range(12):
        ArticleFactory(title=f"Gua sha note {number}")

    # the content version (read on every page), count, the page of results with category and
    # author, the header's categories, the footer
    with django_assert_num_queries(5):
        response = client.get(reverse("blog:search"), {"q": "gua sha"})
    assert len(response.context["articles"]) == 10


def test_every_page_header_has_a_labelled_search_box(client):
    content = client.get(reverse("blog:home")).content.decode()

    assert f'<form class="site-search" role="search" action="{reverse("blog:search")}"' in content
    assert '<label for="site-search-q">Search articles</label>' in content


@postgres_only
def test_postgres_search_uses_the_gin_index():
    article = ArticleFactory(title="Moxibustion")
    Article.objects.bulk_create(
        Article(
            title=f"Filler {number}",
            slug=f"filler-{number}",
            summary=FILLER,
            body_text=FILLER,
            category=article.category,
            status=Article.Status.PUBLISHED,
            published_at=article.published_at,
        )
        for number in range(2000)
    )
    with connection.cursor() as cursor:
        # Rows inserted this moment wait in GIN's pending list, which a real index has flushed.
        cursor.execute("SELECT gin_clean_pending_list('blog_article_search_idx')")
        cursor.execute("ANALYZE blog_article")

    plan = search_articles("moxibustion").queryset.explain()

    assert "Bitmap Index Scan on blog_article_search_idx" in plan


@postgres_only
def test_postgres_search_vector_follows_every_kind_of_write(ranked):
    article = ranked["body"]
    article.title = "Cupping history"
    article.save()
    assert titles(search_articles("cupping")) == ["Cupping history"]

    Article.objects.filter(pk=article.pk).update(summary="Moxibustion today.")
    assert titles(search_articles("moxibustion")) == ["Cupping history"]


@postgres_only
def test_postgres_search_matches_word_forms_and_phrases():
    ArticleFactory(title="Needles", body="The needle was fine.", summary=FILLER)
    ArticleFactory(title="Kettle", body="Fine was the needle.", summary=FILLER)

    assert set(titles(search_articles("needles"))) == {"Needles", "Kettle"}
    assert titles(search_articles('"needle was fine"')) == ["Needles"]
    assert titles(search_articles("needle -kettle")) == ["Needles"]


@postgres_only
def test_postgres_scheduled_article_is_found_once_its_time_comes():
    article = ArticleFactory(title="Moxibustion", scheduled=True)
    assert list(search_articles("moxibustion")) == []

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(1))

    assert titles(search_articles("moxibustion")) == ["Moxibustion"]
