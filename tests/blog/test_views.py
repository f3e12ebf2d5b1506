"""What readers see on the home, list, category, tag and article pages, and that every reading
view shows only what `Article.objects.published()` allows."""

from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from blog.models import Follow
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.images import image_bytes

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


# Category and tag pages: one view (TaxonomyView), one template (blog/taxonomy_detail.html).


def test_category_page_shows_its_heading_description_and_title(client):
    category = CategoryFactory(name="Neuroscience", description="Brains and nerves.")
    response = client.get(category.get_absolute_url())
    content = response.content.decode()

    assert [t.name for t in response.templates][0] == "blog/taxonomy_detail.html"
    assert '<h1 class="page-title">Neuroscience</h1>' in content
    assert '<p class="lede">Brains and nerves.</p>' in content
    assert "<title>Neuroscience · Folio</title>" in content
    assert '<meta name="description" content="Brains and nerves.">' in content


def test_category_without_description_is_described_by_its_name(client):
    category = CategoryFactory(name="Movement", description="")
    content = client.get(category.get_absolute_url()).content.decode()

    assert '<p class="lede">' not in content
    assert '<meta name="description" content="Articles filed under Movement.">' in content


def test_tag_page_shows_its_heading_and_title(client):
    tag = TagFactory(name="sleep")
    response = client.get(tag.get_absolute_url())
    content = response.content.decode()

    assert [t.name for t in response.templates][0] == "blog/taxonomy_detail.html"
    assert '<h1 class="page-title">Tagged “sleep”</h1>' in content
    assert "<title>Tagged “sleep” · Folio</title>" in content
    assert '<meta name="description" content="Articles tagged “sleep” on Folio.">' in content
    assert '<p class="lede">' not in content


def test_the_page_number_is_in_the_title_past_the_first(client):
    category = CategoryFactory(name="Neuroscience")
    for n in range(11):
        ArticleFactory(category=category, published_at=timezone.now() - timedelta(hours=n))

    first = client.get(category.get_absolute_url()).content.decode()
    second = client.get(category.get_absolute_url() + "?page=2").content.decode()

    assert "<title>Neuroscience · Folio</title>" in first
    assert "<title>Neuroscience (page 2) · Folio</title>" in second


@pytest.mark.parametrize("kind", ["category", "tag"])
def test_empty_category_and_tag_pages_say_so(client, kind):
    term = CategoryFactory() if kind == "category" else TagFactory()
    ArticleFactory(draft=True, category=term if kind == "category" else CategoryFactory())
    content = client.get(term.get_absolute_url()).content.decode()

    assert '<p class="empty">No articles have been published here yet.</p>' in content


def test_category_and_tag_pages_link_their_feeds_in_the_page(client):
    category, tag = CategoryFactory(), TagFactory()
    for term in (category, tag):
        content = client.get(term.get_absolute_url()).content.decode()
        feed_links = content.split('<p class="feed-links">')[1].split("</p>")[0]
        assert f'<a href="{term.rss_url}">RSS</a>' in feed_links
        assert f'<a href="{term.atom_url}">Atom</a>' in feed_links


def test_category_and_tag_pages_offer_follow(client):
    category, tag = CategoryFactory(name="Neuroscience"), TagFactory(name="sleep")

    for term in (category, tag):
        content = client.get(term.get_absolute_url()).content.decode()
        sign_in = f"{reverse('accounts:login')}?next={term.get_absolute_url()}"
        assert f'href="{sign_in}"' in content
        label = f'Follow<span class="visually-hidden"> {term.name} (sign in first)</span>'
        assert label in content


def test_follow_button_shows_whether_the_member_follows(client, member):
    category = CategoryFactory()
    client.force_login(member)
    url = category.get_absolute_url()
    follow_form = f'action="{reverse("blog:follow", kwargs={"slug": category.slug})}"'

    content = client.get(url).content.decode()
    assert follow_form in content and 'aria-pressed="false"' in content

    Follow.objects.create(user=member, category=category)
    content = client.get(url).content.decode()
    assert 'aria-pressed="true"' in content and "<span data-label>Following</span>" in content
    tag = TagFactory()
    tag_page = client.get(tag.get_absolute_url())
    assert tag_page.context["following"] is False
    assert f'action="{tag.follow_url}"' in tag_page.content.decode()
    Follow.objects.create(user=member, tag=tag)
    assert client.get(tag.get_absolute_url()).context["following"] is True


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
    assert '<a href="#h-first-part">First part</a>' in content
    assert '<h2 id="h-second-part">Second part</h2>' in content
    assert "#acupuncture" in content
    assert article.category.get_absolute_url() in content
    assert f'<meta name="description" content="{article.summary}">' in content


def test_header_navigation_lists_categories(client):
    CategoryFactory(name="Traditional Medicine")
    assert "Traditional Medicine" in client.get(reverse("blog:home")).content.decode()


def test_a_new_category_shows_in_the_header_at_once(client):
    article = ArticleFactory()
    assert "Brand new topic" not in client.get(article.get_absolute_url()).content.decode()

    CategoryFactory(name="Brand new topic")

    assert "Brand new topic" in client.get(article.get_absolute_url()).content.decode()


def test_header_marks_the_section_the_reader_is_in(client):
    shown, other = CategoryFactory(name="Shown"), CategoryFactory(name="Other")
    current = '<a href="{}" aria-current="page">{}</a>'

    content = client.get(shown.get_absolute_url()).content.decode()
    assert current.format(shown.get_absolute_url(), "Shown") in content
    assert current.format(other.get_absolute_url(), "Other") not in content
    content = client.get(reverse("blog:list")).content.decode()
    assert current.format(reverse("blog:list"), "All articles") in content
    assert 'aria-current="page">Shown' not in content
    assert 'aria-current="page"' not in client.get(reverse("blog:home")).content.decode()


def test_article_page_offers_srcset_with_dimensions(client):
    article = ArticleFactory(
        cover=ContentFile(image_bytes("JPEG", size=(1000, 500)), name="cover.jpg"),
        cover_alt="A picture",
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in content
    assert article.cover_srcset in content and article.cover_fallback_srcset in content
    assert 'width="1000" height="500"' in content
    assert 'alt="A picture"' in content


# Visibility: every reading view follows `Article.objects.published()` (tests/blog/test_models.py
# holds the rule itself).


def list_urls(articles):
    return [
        reverse("blog:home"),
        reverse("blog:list"),
        articles["public"].category.get_absolute_url(),
        articles["public"].tags.get().get_absolute_url(),
    ]


def test_lists_show_only_published_articles(client, articles):
    for url in list_urls(articles):
        content = client.get(url).content.decode()
        assert "Public piece" in content, url
        for hidden in ("Draft piece", "Scheduled piece", "Review piece"):
            assert hidden not in content, (url, hidden)


@pytest.mark.parametrize("key", ["draft", "scheduled", "review"])
def test_unpublished_article_is_404_to_visitors_and_members(client, member, articles, key):
    url = articles[key].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_its_author_and_editors_preview_an_unpublished_article_with_notice(
    client, editor, superuser, articles, key
):
    article = articles[key]
    for user in (article.author, editor, superuser):
        client.force_login(user)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, user
        assert "only its author and editors can see this preview" in response.content.decode()
        # Never kept by a cache on the way (the page cache, or a proxy's).
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("key", ["draft", "scheduled", "review"])
def test_another_author_gets_404_for_an_unpublished_article(client, author, articles, key):
    """Staff who neither wrote it nor may publish it are readers like any other."""
    client.force_login(author)
    response = client.get(articles[key].get_absolute_url())
    assert response.status_code == 404
    assert articles[key].title not in response.content.decode()


def test_a_published_article_is_not_marked_private(client, editor, articles):
    client.force_login(editor)
    response = client.get(articles["public"].get_absolute_url())
    assert "private" not in response.get("Cache-Control", "")


def test_scheduled_article_appears_once_its_time_comes(reader, articles):
    """`reader`: rendered pages, whose clock is the one moved here (the page cache's timing of
    scheduled articles is tests/core/test_cache.py's)."""
    scheduled = articles["scheduled"]
    assert reader.get(scheduled.get_absolute_url()).status_code == 404
    assert "Scheduled piece" not in reader.get(reverse("blog:home")).content.decode()

    later = scheduled.published_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert reader.get(scheduled.get_absolute_url()).status_code == 200
        assert "Scheduled piece" in reader.get(reverse("blog:home")).content.decode()


def test_author_page_shows_photo_bio_website_and_follow(client):
    from tests.images import image_bytes, upload

    article = ArticleFactory()
    author = article.author
    author.display_name = "Ada Lovelace"
    author.bio = "Writes about sleep.\nAnd about pain."
    author.website = "https://ada.example.org/"
    author.avatar = upload("ada.png", image_bytes())
    author.save()

    content = client.get(reverse("blog:author", kwargs={"username": author.username})).content
    content = content.decode()

    assert f'<img class="avatar avatar--large" src="{author.avatar.url}" alt=""' in content
    assert "Writes about sleep.\nAnd about pain." in content
    assert '<a href="https://ada.example.org/" rel="me nofollow noopener">' in content
    assert 'Follow<span class="visually-hidden"> Ada Lovelace (sign in first)</span>' in content


def test_author_without_a_photo_shows_initials(client):
    author = ArticleFactory(author__display_name="grace brewster hopper").author
    content = client.get(reverse("blog:author", kwargs={"username": author.username}))
    assert (
        '<span class="avatar avatar--large avatar--initials" aria-hidden="true">GH</span>'
        in content.content.decode()
    )


def test_article_page_offers_sharing_without_third_parties(client, settings):
    article = ArticleFactory(title="Sleep & pain")
    content = client.get(article.get_absolute_url()).content.decode()
    address = f"{settings.SITE_URL}{article.get_absolute_url()}"

    assert f'href="mailto:?subject=Sleep%20%26%20pain&amp;body={quote(address, safe="/")}"' in (
        content
    )
    assert f'<a class="button button--quiet" href="{address}" data-copy-link>Copy link</a>' in (
        content
    )
    assert "/static/js/share.js" in content
