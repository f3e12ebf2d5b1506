"""manage.py backup and restore (core/backup.py): a restored site serves the same pages."""

import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client

from blog.models import Article
from blog.services import article_save
from comments.models import Comment
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.comments.factories import CommentFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(roles):
    category = CategoryFactory(name="Sleep science", slug="sleep-science")
    article = ArticleFactory(
        title="Backed up", slug="backed-up", category=category, tags=[TagFactory(name="rest")],
        cover_alt="A quiet bedroom",
    )  # fmt: skip
    article.cover = upload("bedroom.png", image_bytes(size=(900, 500)))  # as the admin does
    article_save(article=article)
    CommentFactory(article=article, body="Kept through the restore.")
    ArticleFactory(title="Second one", slug="second-one", category=category)
    return article


def pages(article):
    client = Client()
    urls = ["/", "/articles/", article.get_absolute_url(), article.category.get_absolute_url()]
    return {url: client.get(url).content.decode() for url in urls}


def test_backup_then_restore_gives_back_the_same_pages_and_files(site, tmp_path):
    before = pages(site)
    assert "Kept through the restore." in before[site.get_absolute_url()]
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["rows"]["blog.Article"] == 2
    assert manifest["rows"]["comments.Comment"] == 1
    assert site.cover.name in manifest["media"]

    # What a bad day looks like: content deleted and changed, media files lost.
    Article.objects.filter(slug="second-one").delete()
    Article.objects.filter(pk=site.pk).update(title="Vandalised")
    Comment.objects.all().delete()
    for name in manifest["media"]:
        default_storage.delete(name)
    assert pages(site) != before

    call_command("restore", str(tmp_path / "backup"), "--no-input")
    assert pages(site) == before
    for name, facts in manifest["media"].items():
        with default_storage.open(name) as file:
            assert len(file.read()) == facts["size"]


def test_a_damaged_backup_is_refused_and_changes_nothing(site, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    Article.objects.filter(pk=site.pk).update(title="Changed after the backup")
    media = tmp_path / "backup" / "media.tar"
    content = bytearray(media.read_bytes())
    content[1000:1010] = b"corrupted!"  # inside the first file's bytes
    media.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="media.tar is missing or damaged"):
        call_command("restore", str(tmp_path / "backup"), "--no-input")
    assert Article.objects.get(pk=site.pk).title == "Changed after the backup"


def test_a_backup_with_an_unsafe_path_is_refused(site, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    media = tmp_path / "backup" / "media.tar"
    with tarfile.open(media, "a") as archive:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 0
        archive.addfile(info)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    from core.backup import _digest

    manifest["files"]["media.tar"] = _digest(media)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="unsafe entry"):
        call_command("restore", str(tmp_path / "backup"), "--no-input")


def test_backup_refuses_a_directory_that_is_not_empty(site, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "old.txt").read_text() == "keep me"
