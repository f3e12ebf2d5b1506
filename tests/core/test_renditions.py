"""Cover images are served in sizes that fit the screen, as WebP with a fallback."""

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from core.renditions import make_renditions, srcset
from tests.images import image_bytes


def stored(content, name="covers/cover.jpg"):
    """An uploaded cover as a field file gives it to make_renditions: stored, with its name."""
    saved = default_storage.save(name, ContentFile(content))
    return File(default_storage.open(saved), name=saved)


def widths(described, key="webp"):
    return [width for width, _ in described[key]]


def test_a_large_cover_gets_every_width_in_webp_and_jpeg():
    cover = stored(image_bytes("JPEG", size=(2400, 1200)))

    described = make_renditions(cover)

    assert described["source"] == cover.name
    assert widths(described) == widths(described, "fallback") == [480, 800, 1200, 1600]
    for width, name in described["webp"]:
        assert name.startswith("covers/sizes/")
        with default_storage.open(name) as file, Image.open(file) as image:
            assert (image.format, image.width) == ("WEBP", width)
    for width, name in described["fallback"]:
        assert name.endswith(".jpg")
        with default_storage.open(name) as file, Image.open(file) as image:
            assert (image.format, image.width) == ("JPEG", width)


def test_renditions_keep_the_proportions():
    described = make_renditions(stored(image_bytes("JPEG", size=(2400, 1200))))

    for width, name in described["webp"]:
        with default_storage.open(name) as file, Image.open(file) as image:
            assert image.height == width // 2


def test_a_small_cover_is_never_enlarged():
    described = make_renditions(stored(image_bytes("JPEG", size=(300, 200))))

    assert widths(described) == widths(described, "fallback") == [300]


def test_a_cover_between_two_widths_ends_with_its_own():
    described = make_renditions(stored(image_bytes("JPEG", size=(1000, 500))))

    assert widths(described) == [480, 800, 1000]


def test_a_transparent_cover_falls_back_to_png():
    described = make_renditions(stored(image_bytes("PNG", size=(600, 300)), "covers/cover.png"))

    assert all(name.endswith(".png") for _, name in described["fallback"])
    assert all(name.endswith(".webp") for _, name in described["webp"])


def test_srcset_lists_each_url_with_its_width():
    described = make_renditions(stored(image_bytes("JPEG", size=(900, 600))))

    text = srcset(described["webp"])

    assert text == ", ".join(
        f"{default_storage.url(name)} {width}w" for width, name in described["webp"]
    )
    assert "-800.webp 800w" in text
    assert srcset([]) == ""
