"""manage.py import_wordpress with the fixture export (tests/transfer/fixtures/wordpress.xml)."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from blog.models import Article, Category, Tag
from comments.models import Comment
from pages.models import Page
from tests.accounts.factories import UserFactory
from transfer.models import ImportedItem, Permalink

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/acupuncture-back-pain/"


def run(wxr, *args):
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(wxr), *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def imported(wxr, wordpress_media):
    return run(wxr, "--media-dir", str(wordpress_media))


def test_posts_and_pages_are_stored_with_their_status(imported):
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses == {
        "Acupuncture for chronic back pain: what the trials say": "published",
        "Hello world": "published",
        "Hello again": "published",
        "Half-written: dry needling": "draft",
        "Opening hours in 2099": "published",
        "Staff rota": "draft",  # private: kept as a draft
        "A post whose author left": "published",
    }
    scheduled = Article.objects.get(slug="opening-hours-2099")
    assert scheduled.published_at == datetime(2099, 1, 1, 9, tzinfo=UTC)
    assert not scheduled.is_public
    assert dict(Page.objects.values_list("slug", "is_published")) == {
        "about-the-clinic": True,
        "articles-2": False,
    }


def test_categories_tags_and_original_dates(imported):
    article = Article.objects.get(slug="acupuncture-back-pain")
    assert article.category.name == "Treatments"
    # Folio files an article under one category: the second becomes a tag.
    assert sorted(article.tags.values_list("name", flat=True)) == ["Research", "back pain"]
    assert article.published_at == datetime(2024, 3, 4, 9, tzinfo=UTC)
    assert article.summary == "What randomised trials tell us about needles and lower back pain."
    assert Article.objects.get(slug="staff-rota").category.name == "Uncategorised"
    assert not Article.objects.get(slug="hello-world").comments_open  # closed on WordPress
    assert Article.objects.get(slug="acupuncture-back-pain").comments_open
    assert Category.objects.count() == 3 and Tag.objects.count() == 2


def test_authors_are_created_without_a_usable_password_or_left_empty(imported, roles):
    mira = get_user_model().objects.get(email="mira@clinic.example")
    assert mira.public_name == "Mira Okafor"
    assert not mira.has_usable_password()
    assert mira.is_staff and list(mira.groups.values_list("name", flat=True)) == ["Authors"]
    assert Article.objects.get(slug="acupuncture-back-pain").author == mira
    assert Article.objects.get(slug="author-left").author is None


def test_an_author_is_matched_by_email_whatever_its_case(wxr, wordpress_media):
    existing = UserFactory(email="Mira@Clinic.example")
    run(wxr, "--media-dir", str(wordpress_media))
    assert Article.objects.get(slug="acupuncture-back-pain").author == existing
    assert get_user_model().objects.filter(email__iexact="mira@clinic.example").count() == 1


def test_reader_sees_the_article_sanitised_with_cover_and_body_image(client, imported):
    response = client.get(ARTICLE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Most people who ask us about needles have had <strong>back pain</strong>" in html
    assert "What the trials say</h2>" in html
    body = html[html.index("Most people") : html.index("this link")]
    for hostile in ("<script", "onclick", "onerror", "onmouseover", "javascript:", "steal()"):
        assert hostile not in body
    assert 'alt="A tray of sterile needles"' in html
    assert 'src="/media/uploads/needles.png"' in html
    assert 'alt="Fishing boats in a grey harbour at first light"' in html
    article = Article.objects.get(slug="acupuncture-back-pain")
    assert (article.cover_width, article.cover_height) == (1200, 675)
    assert article.cover_renditions["webp"]


def test_comments_keep_threading_dates_and_moderation(client, imported):
    comments = {c.body.split()[0]: c for c in Comment.objects.select_related("author", "parent")}
    joan, reply, nested = comments["Six"], comments["Thank"], comments["Did"]
    assert joan.parent is None and reply.parent == joan and nested.parent == reply
    assert joan.created_at == datetime(2024, 3, 5, 10, 15, tzinfo=UTC)
    assert joan.body == "Six sessions helped me more than I expected."  # the script is gone
    assert joan.author.email == "joan@readers.example" and joan.author.public_name == "Joan Reader"
    assert not joan.author.is_active and not joan.author.has_usable_password()
    assert reply.author.email == "mira@clinic.example"  # the post's author, matched
    assert nested.author.public_name == "Anonymous Owl"
    assert nested.author.email.endswith("@imported.invalid")
    assert comments["Awaiting"].status == Comment.Status.PENDING
    assert comments["Buy"].status == Comment.Status.SPAM
    assert "pingback" not in {c.body for c in comments.values()}
    assert len(comments) == 5
    assert mail.outbox == []

    html = client.get(ARTICLE).content.decode()
    assert "Six sessions helped me more than I expected." in html
    assert "Did you need a referral?" in html
    assert "Awaiting moderation" not in html and "Buy pills" not in html
    assert Article.objects.get(slug="acupuncture-back-pain").comment_count == 3


def test_old_permalinks_answer_301_while_the_article_is_public(client, imported):
    response = client.get("/2024/03/04/acupuncture-back-pain/")
    assert response.status_code == 301
    assert response["Location"] == ARTICLE
    # Two old posts had the same slug: each old address reaches its own article.
    assert client.get("/2023/12/01/hello-world/")["Location"] == "/articles/hello-world-2/"
    assert client.get("/2023/11/20/hello-world/")["Location"] == "/articles/hello-world/"
    # Drafts (private) and scheduled posts do not give themselves away.
    assert client.get("/2024/02/01/staff-rota/").status_code == 404
    assert client.get("/2099/01/01/opening-hours-2099/").status_code == 404
    assert client.get("/2020/01/01/never-existed/").status_code == 404


def test_a_renamed_article_is_still_reached_from_its_old_permalink(client, imported):
    article = Article.objects.get(slug="acupuncture-back-pain")
    article.slug = "needles-and-back-pain"
    article.save()
    response = client.get("/2024/03/04/acupuncture-back-pain/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/needles-and-back-pain/"


def test_clashing_slugs_are_made_unique_and_reported(imported):
    assert Article.objects.get(title="Hello again").slug == "hello-world-2"
    assert "slug “hello-world” was taken: stored as “hello-world-2”" in imported
    # /articles/ is the article list, so the page cannot have it.
    assert "slug “articles” was taken: stored as “articles-2”" in imported


def test_a_bad_item_is_reported_and_skipped_without_losing_the_rest(imported):
    assert not Article.objects.filter(title="A broken item").exists()
    assert "A broken item" in imported
    assert "wp:post_date_gmt “last Tuesday” is not a date" in imported
    summary = " ".join(imported.split())
    assert "│ created │ 9 │" in summary and "│ failed │ 1 │" in summary


def test_images_that_could_not_be_brought_in_are_listed(imported):
    listed = " ".join(imported[imported.index("Images not imported") :].split())
    assert "http://127.0.0.1:9/wp-content/uploads/2019/01/gone.jpg │ could not be fetched" in listed
    assert "uploads/2019/01/not-an-image" in listed
    assert "This file is not an image we can read" in listed
    body = Article.objects.get(slug="author-left").body_html
    assert 'alt="Gone"' in body  # the reference is kept for an editor to fix


def test_dry_run_writes_nothing(wxr, wordpress_media, settings):
    users = get_user_model().objects.count()
    output = run(wxr, "--media-dir", str(wordpress_media), "--dry-run")
    assert "Dry run: nothing was written" in output
    assert "│ created │ 9 │" in " ".join(output.split())
    assert Article.objects.count() == Page.objects.count() == Comment.objects.count() == 0
    assert ImportedItem.objects.count() == Permalink.objects.count() == 0
    assert Category.objects.count() == Tag.objects.count() == 0
    assert get_user_model().objects.count() == users
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_second_run_duplicates_nothing(wxr, wordpress_media, imported):
    counts = (Article.objects.count(), Page.objects.count(), Comment.objects.count())
    users = get_user_model().objects.count()
    again = run(wxr, "--media-dir", str(wordpress_media))
    assert (Article.objects.count(), Page.objects.count(), Comment.objects.count()) == counts
    assert get_user_model().objects.count() == users
    assert "│ skipped │ 9 │" in " ".join(again.split())


def test_a_changed_item_is_updated_in_place(wxr, wordpress_media, imported, tmp_path):
    pk = Article.objects.get(slug="hello-world").pk
    changed = tmp_path / "changed.xml"
    changed.write_text(
        wxr.read_text().replace("Welcome to the clinic's new blog.", "Welcome, readers."),
        encoding="utf-8",
    )
    output = run(changed, "--media-dir", str(wordpress_media))
    assert "│ updated │ 1 │" in " ".join(output.split())
    article = Article.objects.get(pk=pk)
    assert article.slug == "hello-world" and "Welcome, readers." in article.body_html
    assert Comment.objects.count() == 5


def test_a_file_that_is_not_xml_is_refused_with_a_message(tmp_path):
    broken = tmp_path / "export.xml"
    broken.write_text("<rss><channel><item>")
    with pytest.raises(CommandError, match="not a WordPress export we can read"):
        run(broken)


def test_entity_expansion_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
        "</channel></rss>"
    )
    with pytest.raises(CommandError, match="not a WordPress export we can read"):
        run(bomb)
    assert Article.objects.count() == 0


def test_a_missing_file_is_refused_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        run(tmp_path / "nope.xml")


def test_an_address_no_import_could_store_is_a_plain_404(client, imported):
    assert client.get("/2024/03/04/acupuncture-back-pain%00/").status_code == 404
    assert client.get("/" + "x" * 600 + "/").status_code == 404
