"""manage.py export_markdown and import_markdown: the round trip, and files from other tools."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from blog.models import Article, Category, Tag
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.images import image_bytes
from transfer.models import ImportedItem

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def page_of(article):
    """What a reader is shown of an article, without the random names of stored files."""
    return {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body_html": article.body_html,
        "status": article.status,
        "published_at": article.published_at,
        "category": article.category.name,
        "tags": sorted(article.tags.values_list("name", flat=True)),
        "author": article.author.email if article.author else None,
        "comments_open": article.comments_open,
        "cover": (article.cover_width, article.cover_height, article.cover_alt)
        if article.cover
        else None,
    }


def pages():
    return {a.slug: page_of(a) for a in Article.objects.select_related("author", "category")}


@pytest.fixture
def site():
    """Articles of every kind: cover, body image, tags, draft, scheduled, odd characters."""
    health = CategoryFactory(name="Health & care", slug="health")
    body_image = default_storage.save(
        "uploads/0f3c2a9e.png", ContentFile(image_bytes(size=(320, 200)))
    )
    ArticleFactory(
        title="Acupuncture: “does it help?”",
        slug="acupuncture-does-it-help",
        body=f"Intro.\n\n## Trials\n\n![Needles on a tray](/media/{body_image})\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```\n",
        category=health,
        tags=[TagFactory(name="back pain"), TagFactory(name="needles")],
        cover=ContentFile(image_bytes(size=(900, 500)), name="cover.png"),
        cover_alt="A quiet treatment room",
        published_at=datetime(2024, 3, 4, 9, 30, 15, 123456, tzinfo=UTC),
    )
    ArticleFactory(title="Notes", slug="notes", draft=True, category=health, comments_open=False)
    ArticleFactory(
        title="Later",
        slug="later",
        published_at=timezone.now() + timedelta(days=3),
        author=None,
    )


def test_export_then_import_into_an_empty_site_gives_the_same_pages(site, tmp_path, client):
    before = pages()
    assert (
        run("export_markdown", tmp_path / "out")
        == "Exported 3 articles to " + str(tmp_path / "out") + ".\n"
    )

    Article.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()
    for directory in ("uploads", "covers", "covers/sizes"):
        for name in default_storage.listdir(directory)[1]:
            default_storage.delete(f"{directory}/{name}")

    output = run("import_markdown", tmp_path / "out")
    assert "│ created │ 3 │" in " ".join(output.split())
    assert pages() == before
    response = client.get("/articles/acupuncture-does-it-help/")
    assert response.status_code == 200
    assert 'alt="A quiet treatment room"' in response.content.decode()


def test_the_exported_file_is_plain_front_matter_and_markdown(site, tmp_path):
    run("export_markdown", tmp_path)
    text = (tmp_path / "acupuncture-does-it-help.md").read_text()
    assert text.startswith("---\ntitle: 'Acupuncture: “does it help?”'\n")
    assert "category: Health & care\n" in text
    assert "cover: images/" in text and "cover_alt: A quiet treatment room\n" in text
    assert "![Needles on a tray](images/0f3c2a9e.png)" in text
    assert (tmp_path / "images" / "0f3c2a9e.png").is_file()


def test_export_can_be_limited_to_a_status_or_category(site, tmp_path):
    assert "Exported 1 article to" in run("export_markdown", tmp_path, "--status", "draft")
    assert [path.name for path in tmp_path.glob("*.md")] == ["notes.md"]
    assert "Exported 2 articles" in run("export_markdown", tmp_path / "h", "--category", "health")


JEKYLL_POST = """---
title: A post from Jekyll
date: 2019-05-02
tags: needles, sleep
categories: [Research]
draft: true
author: someone@static.example
---
Some **bold** text and a picture: ![A heron](img/heron.png)

<script>alert(1)</script><p onclick="x()">raw html</p>
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "site"
    (root / "posts" / "img").mkdir(parents=True)
    (root / "posts" / "2019-05-02-jekyll.md").write_text(JEKYLL_POST)
    (root / "posts" / "img" / "heron.png").write_bytes(image_bytes(size=(300, 200)))
    (tmp_path / "secret.png").write_bytes(image_bytes())
    (root / "hugo.md").write_text(
        '---\ntitle: "From Hugo"\nslug: from-hugo\ndate: "2020-01-02T03:04:05+01:00"\n'
        "summary: Short.\n---\n![escape](../../secret.png)\n"
    )
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    (root / "untitled.md").write_text("---\nslug: nothing\n---\nbody\n")
    (root / "baddate.md").write_text("---\ntitle: Bad date\ndate: 30/02/2019\n---\nbody\n")
    return root


def test_files_from_other_tools_are_imported_and_sanitised(folder, client):
    output = run("import_markdown", folder)
    jekyll = Article.objects.get(slug="2019-05-02-jekyll")
    assert jekyll.status == Article.Status.DRAFT
    assert jekyll.published_at == datetime(2019, 5, 2, tzinfo=timezone.get_current_timezone())
    assert sorted(jekyll.tags.values_list("name", flat=True)) == ["needles", "sleep"]
    assert jekyll.category.name == "Research"
    assert jekyll.author.email == "someone@static.example"
    assert "<strong>bold</strong>" in jekyll.body_html
    assert 'src="/media/uploads/heron.png"' in jekyll.body_html
    assert "<script" not in jekyll.body_html and "onclick" not in jekyll.body_html
    hugo = Article.objects.get(slug="from-hugo")
    assert hugo.published_at == datetime(2020, 1, 2, 2, 4, 5, tzinfo=UTC)
    assert client.get("/articles/from-hugo/").status_code == 200
    # A relative path may not climb out of the folder.
    assert "../../secret.png" in hugo.body
    summary = " ".join(output.split())
    assert "│ created │ 2 │" in summary and "│ failed │ 3 │" in summary
    assert "unreadable front matter" in summary
    assert "no title in the front matter" in summary
    assert "date “30/02/2019” is not a date" in summary


def test_import_markdown_dry_run_writes_nothing_and_a_rerun_duplicates_nothing(folder):
    assert "Dry run: nothing was written" in run("import_markdown", folder, "--dry-run")
    assert Article.objects.count() == ImportedItem.objects.count() == 0
    assert not default_storage.exists("uploads/heron.png")
    run("import_markdown", folder)
    again = run("import_markdown", folder)
    assert Article.objects.count() == 2
    assert "│ skipped │ 2 │" in " ".join(again.split())


def test_import_markdown_needs_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run("import_markdown", tmp_path / "missing")
