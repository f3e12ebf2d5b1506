"""Images dropped into the editor: staff only, real images within limits, cleaned, random names."""

import errno
import io
import json
import os

import pytest
from django.urls import reverse
from PIL import Image

from tests.images import image_bytes, jpeg_with_gps, noisy_png, upload

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/markdownx/upload/"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def test_markdownx_endpoints_are_mounted_where_the_editor_posts():
    assert reverse("markdownx_upload") == UPLOAD_URL
    assert reverse("markdownx_markdownify") == "/markdownx/markdownify/"


def test_anonymous_upload_is_refused_and_stores_nothing(client, settings):
    response = client.post(UPLOAD_URL, {"image": upload("a.png", image_bytes())}, **AJAX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored_files(settings) == []


def test_member_who_is_not_staff_is_refused(client, member, settings):
    client.force_login(member)
    response = client.post(UPLOAD_URL, {"image": upload("a.png", image_bytes())}, **AJAX)
    assert response.status_code == 302
    assert stored_files(settings) == []


def test_preview_is_staff_only_and_sanitised(client, member, author):
    data = {"content": "## Hi\n\n<script>alert(1)</script>"}
    assert client.post("/markdownx/markdownify/", data).status_code == 302
    client.force_login(member)
    assert client.post("/markdownx/markdownify/", data).status_code == 302
    client.force_login(author)
    response = client.post("/markdownx/markdownify/", data)
    assert response.status_code == 200
    assert response.content.decode().strip() == '<h2 id="h-hi">Hi</h2>'


def test_staff_upload_is_stored_under_a_random_name_and_returns_markdown(client, author, settings):
    client.force_login(author)
    response = client.post(UPLOAD_URL, {"image": upload("holiday.png", image_bytes())}, **AJAX)
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/uploads/") and code.endswith(".png)")
    assert "holiday" not in code
    [path] = stored_files(settings)
    assert Image.open(path).format == "PNG"


def test_exif_and_gps_are_stripped(client, author, settings):
    assert Image.open(io.BytesIO(jpeg_with_gps())).getexif()  # the fixture really has EXIF
    client.force_login(author)
    response = client.post(
        UPLOAD_URL, {"image": upload("p.jpg", jpeg_with_gps(), "image/jpeg")}, **AJAX
    )
    assert response.status_code == 200
    [path] = stored_files(settings)
    stored = Image.open(path)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert b"Secret Camera" not in open(path, "rb").read()


def test_large_images_are_scaled_to_1600_px(client, author, settings):
    client.force_login(author)
    big = image_bytes("JPEG", size=(4000, 1000))
    client.post(UPLOAD_URL, {"image": upload("wide.jpg", big, "image/jpeg")}, **AJAX)
    [path] = stored_files(settings)
    assert Image.open(path).size == (1600, 400)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "image/svg+xml", "not an image we can read"),
        ("page.png", b"<html><script>alert(1)</script></html>", "image/png",
         "not an image we can read"),
        ("notes.txt", b"just some text", "text/plain", "not an image we can read"),
        ("anim.bmp", image_bytes("BMP"), "image/bmp", "BMP images are not accepted"),
        ("cut.png", noisy_png()[:3000], "image/png", "damaged or incomplete"),
        ("big.png", image_bytes(size=(8000, 6000)), "image/png", "at most 40 megapixels"),
        ("huge.bin", b"\x89PNG" + b"0" * (6 * 1024 * 1024), "image/png", "at most 5.0\xa0MB"),
    ],
)  # fmt: skip
def test_bad_uploads_are_refused_with_a_reason_and_store_nothing(
    client, author, settings, name, content, content_type, message
):
    client.force_login(author)
    response = client.post(UPLOAD_URL, {"image": upload(name, content, content_type)}, **AJAX)
    assert response.status_code == 400
    errors = json.loads(response.content)["image"]
    assert any(message in error for error in errors), errors
    assert stored_files(settings) == []


class FillingFile:
    """A file on a disk with `room` bytes left: writes beyond them fail as a full disk does,
    after the part that fitted has reached the file."""

    def __init__(self, file, room):
        self.file, self.room = file, room

    def write(self, data):
        if len(data) > self.room:
            self.file.write(data[: self.room])
            self.file.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)


def test_a_full_disk_gets_a_clear_error_and_leaves_no_partial_file(
    client, author, settings, monkeypatch
):
    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        file = real_fdopen(fd, mode, *args, **kwargs)
        return FillingFile(file, room=1000) if "w" in mode else file

    monkeypatch.setattr(os, "fdopen", fdopen)
    client.force_login(author)
    response = client.post(UPLOAD_URL, {"image": upload("photo.png", noisy_png())}, **AJAX)
    assert response.status_code == 507
    [error] = json.loads(response.content)["image"]
    assert "no room left" in error
    assert stored_files(settings) == []
