"""Cover images are served in sizes that fit the screen, as WebP with a fallback."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from tests.blog.factories import ArticleFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


def with_cover(content, name="cover.jpg"):
    article = ArticleFactory.build(cover_alt="A picture")
    article.category.save()
    article.author.save()
    article.cover.save(name, ContentFile(content), save=False)
    article.save()
    return article


def test_a_large_cover_gets_every_width_in_webp_and_jpeg():
    article = with_cover(image_bytes("JPEG", size=(2400, 1200)))
    widths = [width for width, _ in article.cover_renditions["webp"]]
    assert widths == [480, 800, 1200, 1600]
    for width, name in article.cover_renditions["webp"]:
        with default_storage.open(name) as stored, Image.open(stored) as image:
            assert (image.format, image.width) == ("WEBP", width)
    assert all(name.endswith(".jpg") for _, name in article.cover_renditions["fallback"])
    assert "-800.webp 800w" in article.cover_srcset


def test_a_small_cover_is_never_enlarged():
    article = with_cover(image_bytes("JPEG", size=(300, 200)))
    assert [width for width, _ in article.cover_renditions["webp"]] == [300]


def test_a_transparent_cover_falls_back_to_png():
    article = with_cover(image_bytes("PNG", size=(600, 300)), name="cover.png")
    assert all(name.endswith(".png") for _, name in article.cover_renditions["fallback"])


def test_renditions_are_made_once_not_on_every_save():
    article = with_cover(image_bytes("JPEG", size=(900, 600)))
    before = article.cover_renditions
    article.title = "Renamed"
    article.save()
    assert article.cover_renditions == before


def test_article_page_offers_srcset_with_dimensions(client):
    article = with_cover(image_bytes("JPEG", size=(1000, 500)))
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in content
    assert 'width="1000" height="500"' in content
    assert 'alt="A picture"' in content
