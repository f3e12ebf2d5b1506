"""Hostile files through core/images.py's checks (clean_image, ImageUploadField), by every upload
a staff member has: the editor's image drop and the article cover in the admin. Each is refused
with a reason and leaves nothing in storage, except polyglots that really are images: those are
stored re-encoded, without the smuggled payload.

tests/core/test_uploads.py covers the editor's everyday refusals (plain SVG, text, BMP, a cut
PNG, 48 megapixels, 6 MB of padding); this suite adds disguised and crafted files and runs all of
them through each endpoint in ENDPOINTS. To cover a new upload (an avatar), add it there.
"""

import io
import os
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image, PngImagePlugin

from blog.models import Article
from core.images import clean_image
from tests.blog.factories import CategoryFactory
from tests.images import image_bytes, noisy_png, upload

pytestmark = pytest.mark.django_db

PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height, rows=None):
    """A well-formed 1-bit greyscale PNG of all-zero rows: tiny on disk, vast once decoded."""
    row = bytes(1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    rows = height if rows is None else rows
    data = b"".join(compressor.compress(row * 1000) for _ in range(rows // 1000))
    data += compressor.compress(row * (rows % 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def noisy_jpeg():
    """A JPEG whose scan data is long enough that cutting it leaves the header intact."""
    with Image.open(io.BytesIO(noisy_png())) as image:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def png_with_text_chunk():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    return image_bytes("PNG", pnginfo=info)


# (id, file name, content type, bytes, the reason shown to the editor)
REFUSED = [
    ("svg-named-png", "photo.png", "image/png",
     b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>',
     "not an image we can read"),
    ("svg-with-script", "logo.svg", "image/svg+xml",
     b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
     b"<script>fetch('/admin/')</script></svg>",
     "not an image we can read"),
    ("html-named-jpg", "photo.jpg", "image/jpeg", b"<!doctype html>" + PAYLOAD,
     "not an image we can read"),
    ("html-after-a-fake-gif-signature", "x.gif", "image/gif", b"GIF89a" + PAYLOAD,
     "not an image we can read"),
    ("truncated-jpeg", "cut.jpg", "image/jpeg", noisy_jpeg()[:20_000],
     "damaged or incomplete"),
    ("truncated-png", "cut.png", "image/png", noisy_png()[:20_000], "damaged or incomplete"),
    ("six-megabytes", "big.jpg", "image/jpeg",
     image_bytes("JPEG") + bytes(6 * 1024 * 1024), "at most 5.0\xa0MB"),
    ("decompression-bomb-30000x30000", "bomb.png", "image/png", png_declaring(30_000, 30_000),
     "far too many pixels"),
    ("huge-dimensions-10000x10000", "huge.png", "image/png", png_declaring(10_000, 10_000),
     "10000 × 10000 pixels; at most 40 megapixels"),
    ("absurd-width", "wide.png", "image/png", png_declaring(2**31 - 1, 1, rows=0),
     "far too many pixels"),
]  # fmt: skip

# Real images carrying HTML/JS after the image data or in a metadata block.
POLYGLOTS = [
    ("gif-then-html", "polyglot.gif", "image/gif", image_bytes("GIF") + PAYLOAD),
    ("jpeg-then-html", "polyglot.jpg", "image/jpeg", image_bytes("JPEG") + PAYLOAD),
    ("png-then-html", "polyglot.png", "image/png", image_bytes("PNG") + PAYLOAD),
    ("webp-then-html", "polyglot.webp", "image/webp", image_bytes("WEBP") + PAYLOAD),
    ("jpeg-comment", "polyglot.jpg", "image/jpeg", image_bytes("JPEG", comment=PAYLOAD)),
    ("png-text-chunk", "polyglot.png", "image/png", png_with_text_chunk()),
    ("gif-comment", "polyglot.gif", "image/gif", image_bytes("GIF", comment=PAYLOAD)),
]


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def via_editor(client, file):
    """The markdownx drop: the refusal reasons, or None when the image was stored."""
    response = client.post(
        reverse("markdownx_upload"), {"image": file}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    if response.status_code == 200:
        return None
    assert response.status_code == 400
    return " ".join(response.json()["image"])


def via_cover(client, file):
    """The admin's article form with the file as its cover."""
    data = {
        "title": "Cover test",
        "slug": "cover-test",
        "summary": "A summary.",
        "body": "Some text.",
        "cover": file,
        "cover_alt": "A description of the picture",
        "category": CategoryFactory().pk,
        "status": "draft",
    }
    response = client.post(reverse("admin:blog_article_add"), data)
    if response.status_code == 302:
        assert Article.objects.filter(slug="cover-test").exists()
        return None
    assert response.status_code == 200
    assert not Article.objects.exists()
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["cover"], errors
    return " ".join(errors["cover"])


ENDPOINTS = [via_editor, via_cover]


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("post", ENDPOINTS, ids=lambda post: post.__name__)
@pytest.mark.parametrize(
    ("name", "content_type", "content", "reason"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_hostile_file_is_refused_with_a_reason_and_nothing_is_stored(
    staff_client, settings, post, name, content_type, content, reason
):
    message = post(staff_client, upload(name, content, content_type))
    assert message is not None, "the file was accepted"
    assert reason in message
    assert stored_files(settings) == []


def test_a_large_jpeg_within_the_limit_is_decoded_at_a_reduced_scale(monkeypatch):
    """Covers and editor images may have up to 40 megapixels; a JPEG is decoded at the
    smallest scale JPEG offers that still covers the stored size (draft mode), not in full."""
    from PIL import JpegImagePlugin

    buffer = io.BytesIO()
    Image.new("L", (8000, 4750), 128).save(buffer, format="JPEG")
    decoded_at = []
    load = JpegImagePlugin.JpegImageFile.load

    def recording_load(image):
        decoded_at.append(image.size)
        return load(image)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", recording_load)
    cleaned = clean_image(upload("big.jpg", buffer.getvalue(), "image/jpeg"))

    assert decoded_at and max(decoded_at[0]) == 2000  # 1/4 of 8000: at least 1600
    with Image.open(cleaned) as stored:
        assert stored.size == (1600, 950)


@pytest.mark.parametrize("post", ENDPOINTS, ids=lambda post: post.__name__)
@pytest.mark.parametrize(
    ("name", "content_type", "content"),
    [case[1:] for case in POLYGLOTS],
    ids=[case[0] for case in POLYGLOTS],
)
def test_polyglot_is_stored_re_encoded_without_its_payload(
    staff_client, settings, post, name, content_type, content
):
    assert PAYLOAD in content
    assert post(staff_client, upload(name, content, content_type)) is None
    files = stored_files(settings)
    assert files
    for path in files:
        with open(path, "rb") as stored:
            data = stored.read()
        assert b"<script" not in data and b"alert(" not in data, path
        with Image.open(path) as image:
            image.verify()
        assert "polyglot" not in os.path.basename(path)  # a random name, never the uploader's
