"""What readers see on the home, list, category, tag and article pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_home_lists_newest_first_with_card_details(client):
    old = ArticleFactory(title="Older one", published_at=timezone.now() - timedelta(days=3))
    new = ArticleFactory(title="Newer one", summary="Fresh summary here.")
    content = client.get(reverse("blog:home")).content.decode()
    assert content.index(new.title) < content.index(old.title)
    assert "Fresh summary here." in content
    assert "1 min read" in content
    assert new.category.name in content


def test_home_shows_the_six_newest_articles_and_links_to_the_rest(client):
    for n in range(8):
        ArticleFactory(title=f"Story {n}", published_at=timezone.now() - timedelta(days=n))
    content = client.get(reverse("blog:home")).content.decode()
    assert content.count('class="card"') == 6
    assert "Story 5" in content and "Story 6" not in content
    assert f'href="{reverse("blog:list")}"' in content


def test_empty_home_says_so(client):
    content = client.get(reverse("blog:home")).content.decode()
    assert "Nothing has been published here yet" in content


def test_article_list_paginates_ten_per_page(client):
    for n in range(12):
        ArticleFactory(title=f"Piece {n:02d}", published_at=timezone.now() - timedelta(hours=n))
    first = client.get(reverse("blog:list")).content.decode()
    second = client.get(reverse("blog:list") + "?page=2").content.decode()
    assert "Piece 00" in first and "Piece 10" not in first
    assert "Piece 10" in second and "Piece 11" in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("page", ["abc", "99", "0"])
def test_bad_page_numbers_are_404(client, page):
    ArticleFactory()
    assert client.get(reverse("blog:list") + f"?page={page}").status_code == 404


def test_category_and_tag_pages(client):
    category, tag = CategoryFactory(name="Neuroscience", description="Brains."), TagFactory()
    ArticleFactory(title="In both", category=category, tags=[tag])
    ArticleFactory(title="Elsewhere")
    content = client.get(category.get_absolute_url()).content.decode()
    assert "In both" in content and "Elsewhere" not in content and "Brains." in content
    content = client.get(tag.get_absolute_url()).content.decode()
    assert "In both" in content and "Elsewhere" not in content


def test_unknown_category_tag_and_article_are_404(client):
    for url in ("/category/nope/", "/tag/nope/", "/articles/nope/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "couldn’t find that page" in response.content.decode()


def test_article_page_shows_everything_a_reader_needs(client):
    tag = TagFactory(name="acupuncture")
    article = ArticleFactory(
        title="Needles", body="Intro\n\n## First part\n\nA\n\n## Second part\n\nB", tags=[tag]
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Needles</h1>" in content
    assert article.author.public_name in content
    assert '<a href="#first-part">First part</a>' in content
    assert '<h2 id="second-part">Second part</h2>' in content
    assert "#acupuncture" in content
    assert article.category.get_absolute_url() in content
    assert f'<meta name="description" content="{article.summary}">' in content


def test_header_navigation_lists_categories(client):
    CategoryFactory(name="Traditional Medicine")
    assert "Traditional Medicine" in client.get(reverse("blog:home")).content.decode()
