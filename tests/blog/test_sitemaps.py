"""The sitemap index and its sections, and robots.txt pointing at them."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def setup():
    used, unused = CategoryFactory(slug="used"), CategoryFactory(slug="only-drafts")
    tag, draft_tag = TagFactory(slug="sleep"), TagFactory(slug="draft-tag")
    public = ArticleFactory(slug="public-piece", category=used, tags=[tag])
    ArticleFactory(slug="draft-piece", draft=True, category=unused, tags=[draft_tag])
    ArticleFactory(slug="scheduled-piece", scheduled=True, category=unused, tags=[draft_tag])
    return {"public": public, "category": used, "tag": tag}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output; raises if malformed


def locations(root, element="url"):
    return [node.findtext("sm:loc", namespaces=NS) for node in root.findall(f"sm:{element}", NS)]


def section_url(section):
    return f"http://testserver{reverse('sitemap-section', kwargs={'section': section})}"


def test_index_lists_every_section_with_absolute_urls(client, setup):
    root = fetch(client, reverse("sitemap"))

    assert locations(root, "sitemap") == [
        section_url("articles"),
        section_url("categories"),
        section_url("tags"),
        section_url("pages"),
        section_url("faq"),
    ]
    articles = root.find("sm:sitemap", NS)
    assert articles.findtext("sm:lastmod", namespaces=NS).startswith(
        setup["public"].updated_at.strftime("%Y-%m-%d")
    )


def test_articles_section_lists_only_published_articles_with_last_modification(client, setup):
    root = fetch(client, reverse("sitemap-section", kwargs={"section": "articles"}))

    assert locations(root) == ["http://testserver/articles/public-piece/"]
    lastmod = root.find("sm:url", NS).findtext("sm:lastmod", namespaces=NS)
    assert lastmod == setup["public"].updated_at.date().isoformat()


def test_category_and_tag_sections_list_only_pages_with_published_articles(client, setup):
    categories = fetch(client, reverse("sitemap-section", kwargs={"section": "categories"}))
    tags = fetch(client, reverse("sitemap-section", kwargs={"section": "tags"}))

    assert locations(categories) == ["http://testserver/category/used/"]
    assert locations(tags) == ["http://testserver/tag/sleep/"]


def test_sitemap_query_counts_do_not_grow_with_articles(client, setup, django_assert_num_queries):
    for _ in range(5):
        ArticleFactory(category=setup["category"], tags=[setup["tag"]])

    # the content version (sitemaps go through the page cache), the newest article change,
    # a count for each section of rows (articles, categories, tags, pages); the pages' and
    # the FAQ's dates are left out of the index
    with django_assert_num_queries(6):
        assert client.get(reverse("sitemap"))["X-Cache"] == "MISS"
    with django_assert_num_queries(3):  # the content version, the count, the page of articles
        url = reverse("sitemap-section", kwargs={"section": "articles"})
        assert client.get(url)["X-Cache"] == "MISS"


def test_unknown_section_is_404(client, setup):
    assert client.get(reverse("sitemap-section", kwargs={"section": "nope"})).status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    for path in ("/admin/", "/account/", "/markdownx/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
