"""What link previews and search engines read (core.seo, core/templatetags/seo.py and
includes/social_meta.html): canonical URLs on SITE_URL, social cards, JSON-LD that cannot
break out of its <script>. The article's own JSON-LD is tests/blog/test_structured_data.py's."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import SafeString

from core.seo import absolute, author_name, json_ld, logo
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """Collects <meta>, <link rel=canonical> and JSON-LD blocks from a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.canonical, self.json_ld, self._in_ld = {}, [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(
                attrs["content"]
            )
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = self._in_ld and tag != "script"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data

    def one(self, key):
        (value,) = self.meta[key]
        return value


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


@pytest.fixture
def article(article_with_cover):
    return article_with_cover


def test_every_kind_of_page_has_title_description_canonical_and_social_tags(client, article):
    urls = [
        reverse("blog:home"),
        reverse("blog:list"),
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        reverse("blog:author", kwargs={"username": "ada"}),
        reverse("blog:search") + "?q=needles",
    ]
    for url in urls:
        page = head(client, url)
        assert page.canonical == [f"http://testserver{url.split('?')[0]}"], url
        assert page.one("description"), url
        for key in ("og:title", "og:description", "og:type", "og:url", "og:image"):
            assert page.one(key), (url, key)
        assert page.one("og:image").startswith("http://testserver/"), url
        assert page.one("twitter:card") in {"summary", "summary_large_image"}, url
        assert page.one("og:site_name") == "Folio", url


def test_canonical_and_social_urls_are_on_site_url_whatever_the_host(client, settings):
    settings.SITE_URL = "https://folio.example"
    ArticleFactory(slug="needles")

    page = head(client, "/articles/needles/?utm_source=mail")
    response = client.get("/articles/needles/", HTTP_HOST="localhost")

    assert page.canonical == ["https://folio.example/articles/needles/"]
    assert page.one("og:url") == "https://folio.example/articles/needles/"
    assert page.one("og:image").startswith("https://folio.example/static/img/logo")
    assert Head(response.content.decode()).canonical == page.canonical


def test_canonical_keeps_the_page_number_and_drops_other_parameters(client):
    for number in range(12):
        ArticleFactory(title=f"Piece {number}")

    page = head(client, reverse("blog:list") + "?page=2&utm_source=mail")
    first = head(client, reverse("blog:list") + "?page=1")

    assert page.canonical == ["http://testserver/articles/?page=2"]
    assert first.canonical == ["http://testserver/articles/"]


def test_article_card_shows_the_cover_as_an_absolute_url_with_size_and_description(client, article):
    page = head(client, article.get_absolute_url())

    assert page.one("og:type") == "article"
    assert page.one("og:title") == article.title
    assert page.one("og:description") == "What the research shows."
    assert page.one("og:image") == f"http://testserver{article.cover.url}"
    assert page.one("og:image:width") == str(article.cover_width)
    assert page.one("og:image:height") == str(article.cover_height)
    assert page.one("og:image:alt") == "A hand placing a fine needle"
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == f"http://testserver{article.cover.url}"
    assert page.one("article:published_time") == article.published_at.isoformat()
    assert page.meta["article:tag"] == ["acupuncture"]


def test_json_ld_cannot_close_its_script_element(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    block = content.split('<script type="application/ld+json">')[1].split("</script>")[0]

    assert "\\u003c/script\\u003e\\u003cscript\\u003e" in block
    assert "\\u0026 more" in block
    assert "<" not in block


def test_article_without_cover_uses_the_site_logo(client):
    article = ArticleFactory()
    page = head(client, article.get_absolute_url())
    (data, _) = (json.loads(block) for block in page.json_ld)

    assert page.one("og:image").startswith("http://testserver/static/img/logo")
    assert page.one("og:image:width") == "512"
    assert page.one("og:image:alt") == "The Folio logo: a letter F"
    assert page.one("twitter:card") == "summary"
    assert data["image"]["url"] == page.one("og:image")


def test_pages_without_their_own_description_use_the_site_blurb(client):
    page = head(client, reverse("blog:home"))

    assert page.one("og:title") == "Folio"
    assert page.one("og:description").startswith("Folio publishes clear, careful articles")
    assert page.one("twitter:description") == page.one("og:description")


# core.seo itself.


def test_json_ld_escapes_what_could_end_or_confuse_a_script_element():
    text = json_ld({"headline": "</script><!-- & -->"})

    assert isinstance(text, SafeString)
    assert "<" not in text and ">" not in text and "&" not in text
    assert text == '{"headline": "\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e"}'
    assert json.loads(text) == {"headline": "</script><!-- & -->"}


def test_json_ld_keeps_other_text_as_it_is_and_writes_dates():
    moment = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)

    text = json_ld({"name": "Café “quoted”", "at": moment, "list": [1, None]})

    assert "Café “quoted”" in text
    assert json.loads(text) == {
        "name": "Café “quoted”",
        "at": "2026-12-01T09:30:00Z",
        "list": [1, None],
    }


def test_json_ld_filter_and_absolute_url_tag_in_templates(settings):
    settings.SITE_URL = "https://folio.example"
    template = Template(
        "{% load seo %}{{ data|json_ld }} {% absolute_url '/media/a.png' %}"
        "{% absolute_url '/x/' as url %} {{ url }}"
    )

    rendered = template.render(Context({"data": {"a": "<b>"}}))

    assert rendered == (
        '{"a": "\\u003cb\\u003e"} https://folio.example/media/a.png https://folio.example/x/'
    )


def test_absolute_puts_a_path_on_site_url(settings):
    settings.SITE_URL = "https://folio.example"

    assert absolute("/articles/needles/") == "https://folio.example/articles/needles/"


def test_logo_describes_the_site_logo(settings):
    settings.SITE_URL = "https://folio.example"

    assert logo() == {
        "@type": "ImageObject",
        "url": "https://folio.example/static/img/logo.png",
        "width": 512,
        "height": 512,
    }


def test_author_name_is_the_public_name_or_else_the_username():
    class OtherUser:  # a user model without public_name
        def get_username(self):
            return "grace"

    assert author_name(UserFactory.build(username="ada", display_name="Ada Reader")) == (
        "Ada Reader"
    )
    assert author_name(OtherUser()) == "grace"
