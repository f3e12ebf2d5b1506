"""manage.py import_ghost with the fixture export (tests/transfer/fixtures/ghost.json)."""

import json
import re
from datetime import UTC, datetime
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Article, Category, Tag
from pages.models import Page
from transfer.models import ImportedItem, Permalink

pytestmark = pytest.mark.django_db

SLEEP = "sleep-after-acupuncture"


def run(export, *args):
    out = StringIO()
    call_command("import_ghost", str(export), *args, stdout=out, stderr=StringIO())
    return " ".join(out.getvalue().split())


@pytest.fixture
def imported(ghost_export, ghost_media):
    return run(ghost_export, "--media-dir", str(ghost_media))


def test_posts_pages_and_statuses(imported):
    assert dict(Article.objects.values_list("slug", "status")) == {
        SLEEP: "published",
        f"{SLEEP}-2": "published",
        "autumn-newsletter": "published",
        "ideas-list": "draft",
        "home-routine": "draft",  # paid members only: not given away
    }
    assert not Article.objects.get(slug="autumn-newsletter").is_public  # scheduled
    assert "for paid members on Ghost: kept as a draft" in imported
    page = Page.objects.get(slug="contact")
    assert page.is_published and page.meta_description == "How to reach the clinic."
    assert Article.objects.get(slug="ideas-list").body == "Cupping? Moxibustion?"


def test_primary_tag_is_the_category_and_internal_tags_are_dropped(imported):
    article = Article.objects.get(slug=SLEEP)
    assert article.category.name == "Wellbeing"
    assert list(article.tags.values_list("name", flat=True)) == ["sleep"]
    assert Article.objects.get(slug=f"{SLEEP}-2").category.name == "sleep"
    assert not Tag.objects.filter(name="#hero").exists()
    assert not Category.objects.filter(name="#hero").exists()


def test_primary_author_dates_and_excerpt(imported):
    article = Article.objects.get(slug=SLEEP)
    assert article.author.email == "ada@clinic.example"
    assert not article.author.has_usable_password()
    assert article.published_at == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert article.summary == "Why a session can help you sleep that night."
    assert get_user_model().objects.filter(email="sam@clinic.example").exists()


def test_reader_sees_sanitised_body_with_images(client, imported):
    html = client.get(f"/articles/{SLEEP}/").content.decode()
    assert "Many patients sleep better on the night of a session." in html
    body = html[html.index("Many patients") : html.index("usual explanation")]
    for hostile in ("<script", "evil.example", "onerror", "onclick", "__GHOST_URL__"):
        assert hostile not in body
    [image] = re.findall(r"<img [^>]*pillow\.png[^>]*>", body)
    assert 'src="/media/uploads/pillow.png"' in image
    assert 'alt="A pillow in morning light"' in image
    assert 'alt="The clinic\'s window at dusk"' in unescape(html)
    assert "alert('head')" not in html  # Ghost's code injection is not imported
    article = Article.objects.get(slug=SLEEP)
    assert (article.cover_width, article.cover_height) == (800, 450)


def test_old_addresses_redirect_with_301(client, imported):
    response = client.get(f"/{SLEEP}/")
    assert response.status_code == 301 and response["Location"] == f"/articles/{SLEEP}/"
    assert client.get("/contact/").status_code == 200  # the page kept its address
    assert client.get("/home-routine/").status_code == 404  # a draft now
    assert not Permalink.objects.filter(path="/contact/").exists()


def test_bad_item_clash_and_missing_image_are_reported(imported):
    assert "│ created │ 6 │" in imported and "│ failed │ 1 │" in imported
    assert "published_at “the day after tomorrow” is not a date" in imported
    assert f"slug “{SLEEP}” was taken: stored as “{SLEEP}-2”" in imported
    assert f"old address /{SLEEP}/ already leads elsewhere" in imported
    assert "https://127.0.0.1:9/content/images/2020/01/gone.png" in imported
    assert not Article.objects.get(slug=f"{SLEEP}-2").cover


def test_dry_run_writes_nothing_and_a_rerun_duplicates_nothing(ghost_export, ghost_media):
    assert "Dry run: nothing was written" in run(ghost_export, "--dry-run", "--no-fetch")
    assert Article.objects.count() == Page.objects.count() == ImportedItem.objects.count() == 0
    run(ghost_export, "--media-dir", str(ghost_media), "--no-fetch")
    again = run(ghost_export, "--media-dir", str(ghost_media), "--no-fetch")
    assert Article.objects.count() == 5 and Page.objects.count() == 1
    assert "│ skipped │ 6 │" in again


def test_an_export_in_the_older_layout_is_read(tmp_path, ghost_export):
    older = tmp_path / "older.json"
    older.write_text(json.dumps(json.loads(ghost_export.read_text())["db"][0]))
    output = run(older, "--no-fetch")
    assert "│ created │ 6 │" in output


def test_a_file_that_is_not_a_ghost_export_is_refused(tmp_path):
    broken = tmp_path / "export.json"
    broken.write_text('{"db": [{"data": {"posts": [')
    with pytest.raises(CommandError, match="not a Ghost export we can read"):
        run(broken)
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="no posts found"):
        run(other)
