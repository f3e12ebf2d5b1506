"""The article page's JSON-LD (blog.structured_data): an Article and its BreadcrumbList."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.structured_data import HEADLINE_MAX, article_structured_data
from tests.blog.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_blocks(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return [json.loads(block) for block in BLOCK.findall(response.content.decode())]


@pytest.fixture
def article(article_with_cover):
    return article_with_cover


def test_article_json_ld_parses_and_has_the_required_fields(client, article):
    data, breadcrumbs = json_ld_blocks(client, article)
    url = f"http://testserver{article.get_absolute_url()}"

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == article.title
    assert data["description"] == "What the research shows."
    assert data["image"]["url"] == f"http://testserver{article.cover.url}"
    assert data["image"]["width"] == article.cover_width
    assert data["image"]["height"] == article.cover_height
    assert data["author"] == {
        "@type": "Person",
        "name": "Ada Reader",
        "url": "http://testserver/authors/ada/",
    }
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.updated_at.isoformat()
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["url"] == url
    assert data["articleSection"] == "Traditional Medicine"
    assert data["keywords"] == ["acupuncture"]
    assert data["publisher"]["name"] == "Folio"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["item"] for item in breadcrumbs["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/category/traditional-medicine/",
        url,
    ]
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Folio",
        "Traditional Medicine",
        article.title,
    ]
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3]


def test_article_without_cover_shows_the_site_logo_as_its_image(client):
    data, _ = json_ld_blocks(client, ArticleFactory())

    assert data["image"]["url"].startswith("http://testserver/static/img/logo")
    assert (data["image"]["width"], data["image"]["height"]) == (512, 512)


def test_keywords_are_the_tags_by_name(client):
    article = ArticleFactory(tags=[TagFactory(name="sleep"), TagFactory(name="acupuncture")])

    data, _ = json_ld_blocks(client, article)

    assert data["keywords"] == ["acupuncture", "sleep"]


def test_keywords_come_from_the_tags_given():
    article = ArticleFactory(tags=[TagFactory(name="not-passed")])

    data, _ = article_structured_data(article, tags=[{"name": "sleep", "slug": "sleep"}])

    assert data["keywords"] == ["sleep"]


def test_long_headlines_are_cut_for_search_engines():
    article = ArticleFactory(title="x" * 150)

    data, breadcrumbs = article_structured_data(article, tags=[])

    assert data["headline"] == "x" * HEADLINE_MAX
    assert breadcrumbs["itemListElement"][-1]["name"] == "x" * 150


def test_an_article_without_author_is_by_the_site():
    article = ArticleFactory(author=None)

    data, _ = article_structured_data(article, tags=[])

    assert data["author"] == {"@type": "Organization", "name": "Folio"}


def test_an_unpublished_article_has_no_publish_date():
    article = ArticleFactory(draft=True)
    later = ArticleFactory(published_at=timezone.now() + timedelta(days=1))

    data, _ = article_structured_data(article, tags=[])
    scheduled, _ = article_structured_data(later, tags=[])

    assert "datePublished" not in data
    assert scheduled["datePublished"] == later.published_at.isoformat()
