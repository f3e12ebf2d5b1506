"""Media in an S3-compatible bucket (django-storages), tested against moto's S3 server on
loopback: covers and their renditions, editor images and avatars are stored there, and the
pages link to them."""

import json
import re
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from blog.services import article_save
from tests.blog.factories import ArticleFactory
from tests.images import image_bytes, upload
from tests.services import free_port, unavailable

pytestmark = pytest.mark.django_db
BUCKET = "folio-media-test"
# What the README asks of a media bucket: anyone may read its objects by their plain URL.
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:  # pragma: no cover - moto is in the dev requirements
    ThreadedMotoServer = None


@pytest.fixture(scope="module")
def s3_server():
    if ThreadedMotoServer is None:
        unavailable("moto is not installed (make test installs it)", required="the storage test")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """A fresh bucket, and Folio's settings for it as base.py builds them from the environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_cover_and_its_renditions_are_stored_in_the_bucket_and_shown(client, bucket, settings):
    article = ArticleFactory(title="Covered", slug="covered", cover_alt="A calm sea")
    article.cover.save("sea.png", ContentFile(image_bytes(size=(1200, 630))), save=False)
    article_save(article=article)

    stored = keys(bucket)
    assert any(key.startswith("covers/") and key.endswith(".png") for key in stored)
    assert any(key.endswith(".webp") for key in stored), stored
    assert not (settings.MEDIA_ROOT / "covers").exists()  # nothing on local disk

    html = client.get(article.get_absolute_url()).content.decode()
    urls = re.findall(rf"(http://127\.0\.0\.1:\d+/{BUCKET}/[^\s\"',]+)", html)
    assert urls, "the article page links no image in the bucket"
    with urllib.request.urlopen(urls[0]) as image:  # noqa: S310 - moto on loopback
        assert image.status == 200
        assert image.read()[:4] in (b"\x89PNG", b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")


def test_an_image_dropped_into_the_editor_goes_to_the_bucket(client, author, bucket):
    client.force_login(author)
    response = client.post(
        "/markdownx/upload/",
        {"image": upload("holiday.png", image_bytes())},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    [key] = keys(bucket)
    assert key.startswith("uploads/")
    assert response.json()["image_code"].endswith(f"/{BUCKET}/{key})")


def test_an_avatar_goes_to_the_bucket_and_the_old_one_is_removed(
    client, member, bucket, django_capture_on_commit_callbacks
):
    client.force_login(member)
    for name in ("first.png", "second.png"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:profile"),
                {
                    "display_name": member.display_name,
                    "bio": "",
                    "avatar": upload(name, image_bytes()),
                },
            )
        assert response.status_code == 302
    member.refresh_from_db()
    assert keys(bucket) == [member.avatar.name]
    assert member.avatar.name.startswith("avatars/")


def test_settings_select_the_bucket_and_allow_its_images_in_the_csp(monkeypatch):
    """base.py reads the bucket from the environment; without one, media stay on local disk."""
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "folio-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    configured = importlib.reload(base)
    try:
        assert configured.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert configured.STORAGES["default"]["OPTIONS"]["bucket_name"] == "folio-media"
        img_src = configured.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
        assert "https://s3.example.org" in img_src
    finally:
        monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
        monkeypatch.delenv("AWS_S3_ENDPOINT_URL")
        unconfigured = importlib.reload(base)
    default = unconfigured.STORAGES["default"]["BACKEND"]
    assert default == "django.core.files.storage.FileSystemStorage"
