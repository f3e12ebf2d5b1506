"""`manage.py rerender_markdown`: stored HTML brought up to today's renderer, idempotently."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from blog.models import Article
from core.markdown import MAX_LENGTH
from pages.models import FAQ, Page
from tests.blog.factories import ArticleFactory
from tests.pages.factories import FAQFactory, PageFactory

pytestmark = pytest.mark.django_db

OLD_HTML = '<h2 id="comments">Comments</h2>'


def rerender(*args):
    out = StringIO()
    call_command("rerender_markdown", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_stored_html_from_the_old_renderer_is_rewritten_once():
    article = ArticleFactory(body="## Comments\n\ntext")
    page = PageFactory(body="## Comments\n\ntext")
    faq = FAQFactory(answer="## Comments\n\ntext")
    Article.objects.filter(pk=article.pk).update(body_html=OLD_HTML, toc=[])
    Page.objects.filter(pk=page.pk).update(body_html=OLD_HTML)
    FAQ.objects.filter(pk=faq.pk).update(answer_html=OLD_HTML)
    updated_at = Article.objects.get(pk=article.pk).updated_at

    assert rerender("--dry-run").count("would change 1 of 1") == 3
    assert Article.objects.get(pk=article.pk).body_html == OLD_HTML

    output = rerender()
    assert "articles: changed 1 of 1" in output
    assert "pages: changed 1 of 1" in output
    assert "FAQs: changed 1 of 1" in output
    article.refresh_from_db()
    assert article.body_html == '<h2 id="h-comments">Comments</h2>\n<p>text</p>'
    assert article.toc == [{"id": "h-comments", "title": "Comments"}]
    assert article.updated_at == updated_at
    assert Page.objects.get(pk=page.pk).body_html == article.body_html
    assert FAQ.objects.get(pk=faq.pk).answer_html == article.body_html

    assert rerender().count("changed 0 of 1") == 3


def test_a_body_beyond_the_limits_keeps_its_html_and_is_named():
    kept = ArticleFactory(title="Too long now")
    other = ArticleFactory(body="## Fine\n\ntext")
    Article.objects.filter(pk=kept.pk).update(body="a" * (MAX_LENGTH + 1))
    Article.objects.filter(pk=other.pk).update(body_html=OLD_HTML)
    errors = StringIO()
    with pytest.raises(CommandError, match="1 bodies are beyond the limits"):
        call_command("rerender_markdown", stdout=StringIO(), stderr=errors)
    assert "Too long now" in errors.getvalue()
    assert "too long" in errors.getvalue()
    assert Article.objects.get(pk=kept.pk).body_html == kept.body_html
    assert Article.objects.get(pk=other.pk).body_html.startswith('<h2 id="h-fine">')
