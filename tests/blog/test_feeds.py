"""RSS and Atom feeds: valid for feed readers, full entries, published articles only."""

import feedparser
import pytest
from django.urls import reverse

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    category, tag = CategoryFactory(name="Neuroscience"), TagFactory(name="sleep")
    public = ArticleFactory(
        title="Public piece",
        summary="Why sleep & pain are linked.",
        body="Intro text.\n\n![A chart](/media/uploads/chart.png)\n\n[More](/articles/other/)",
        category=category,
        tags=[tag],
        author__display_name="Ada Reader",
    )
    ArticleFactory(title="Draft piece", draft=True, category=category, tags=[tag])
    ArticleFactory(title="Scheduled piece", scheduled=True, category=category, tags=[tag])
    return {"public": public, "category": category, "tag": tag}


def feed_urls(setup):
    category, tag = setup["category"].slug, setup["tag"].slug
    return [
        reverse("blog:feed-rss"),
        reverse("blog:feed-atom"),
        reverse("blog:category-feed-rss", kwargs={"slug": category}),
        reverse("blog:category-feed-atom", kwargs={"slug": category}),
        reverse("blog:tag-feed-rss", kwargs={"slug": tag}),
        reverse("blog:tag-feed-atom", kwargs={"slug": tag}),
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


def test_every_feed_parses_without_errors_and_lists_only_published_articles(client, setup):
    for url in feed_urls(setup):
        _, feed = parse(client, url)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert [entry.title for entry in feed.entries] == ["Public piece"], url


def test_feeds_say_which_format_they_are(client, setup):
    rss, rss_feed = parse(client, reverse("blog:feed-rss"))
    atom, atom_feed = parse(client, reverse("blog:feed-atom"))

    assert rss["Content-Type"].startswith("application/rss+xml")
    assert rss_feed.version == "rss20"
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert atom_feed.version == "atom10"


@pytest.mark.parametrize("name", ["blog:feed-rss", "blog:feed-atom"])
def test_entries_carry_link_summary_content_author_dates_and_categories(client, setup, name):
    _, feed = parse(client, reverse(name))
    (entry,) = feed.entries
    article = setup["public"]

    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    # The summary is text; feed readers take the summary as HTML, so it arrives escaped.
    assert entry.summary == "Why sleep &amp; pain are linked."
    content = entry.content[0].value
    assert "<p>Intro text.</p>" in content
    assert 'src="http://testserver/media/uploads/chart.png"' in content
    assert 'href="http://testserver/articles/other/"' in content
    assert entry.author == "Ada Reader"
    assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]
    assert {tag.term for tag in entry.tags} == {"Neuroscience", "sleep"}
    assert entry.id.startswith("urn:uuid:")


def test_atom_entries_carry_the_update_time(client, setup):
    _, feed = parse(client, reverse("blog:feed-atom"))

    assert feed.entries[0].updated_parsed[:6] == setup["public"].updated_at.utctimetuple()[:6]


def test_category_feed_is_titled_after_the_category_and_404s_when_unknown(client, setup):
    url = reverse("blog:category-feed-rss", kwargs={"slug": setup["category"].slug})
    _, feed = parse(client, url)

    assert feed.feed.title.startswith("Neuroscience")
    assert feed.feed.link == f"http://testserver{setup['category'].get_absolute_url()}"
    missing = reverse("blog:category-feed-atom", kwargs={"slug": "no-such-category"})
    assert client.get(missing).status_code == 404


def test_feed_query_count_does_not_grow_with_articles(client, setup, django_assert_num_queries):
    for _ in range(5):
        ArticleFactory(category=setup["category"], tags=[setup["tag"], TagFactory()])

    # the content version (feeds go through the page cache), articles with author and
    # category, their tags
    with django_assert_num_queries(3):
        assert client.get(reverse("blog:feed-rss"))["X-Cache"] == "MISS"
    with django_assert_num_queries(4):  # the content version, the category, the same two
        url = reverse("blog:category-feed-atom", kwargs={"slug": setup["category"].slug})
        assert client.get(url)["X-Cache"] == "MISS"


def test_tag_feeds_are_titled_after_the_tag_and_404_when_unknown(client, setup):
    _, feed = parse(client, reverse("blog:tag-feed-atom", kwargs={"slug": setup["tag"].slug}))

    assert feed.feed.title.startswith("Tagged “sleep”")
    assert feed.feed.link == f"http://testserver{setup['tag'].get_absolute_url()}"
    missing = reverse("blog:tag-feed-rss", kwargs={"slug": "no-such-tag"})
    assert client.get(missing).status_code == 404


def test_pages_link_the_site_feeds_and_their_own_in_the_head(client, setup):
    home = client.get(reverse("blog:home")).content.decode()
    category = client.get(setup["category"].get_absolute_url()).content.decode()
    tag = client.get(setup["tag"].get_absolute_url()).content.decode()

    rss_link = '<link rel="alternate" type="application/rss+xml" title="Folio (RSS)" href="{}">'
    assert rss_link.format(reverse("blog:feed-rss")) in home
    assert f'href="{reverse("blog:feed-atom")}"' in home
    category_feed = reverse("blog:category-feed-rss", kwargs={"slug": setup["category"].slug})
    tag_feed = reverse("blog:tag-feed-atom", kwargs={"slug": setup["tag"].slug})
    assert (
        f'type="application/rss+xml" title="Neuroscience · Folio (RSS)" href="{category_feed}"'
        in (category)
    )
    assert f'href="{tag_feed}"' in tag
    assert category.index(category_feed) < category.index("</head>")


def test_author_feeds_list_only_the_authors_published_articles(client, setup):
    author = setup["public"].author
    ArticleFactory(title="Another writer's piece")
    ArticleFactory(title="Her draft", author=author, draft=True)
    for name in ("blog:author-feed-rss", "blog:author-feed-atom"):
        _, feed = parse(client, reverse(name, kwargs={"username": author.username}))
        assert feed.feed.title == "Articles by Ada Reader · Folio"
        assert [entry.title for entry in feed.entries] == ["Public piece"]
    page = client.get(reverse("blog:author", kwargs={"username": author.username}))
    feed_url = reverse("blog:author-feed-atom", kwargs={"username": author.username})
    title = "Articles by Ada Reader · Folio (Atom)"
    assert f'title="{title}" href="{feed_url}"' in page.content.decode()


def test_author_feed_is_404_without_published_articles(client, setup):
    draft_author = ArticleFactory(draft=True).author
    for username in (draft_author.username, "nobody-here", "nul\x00name"):
        url = reverse("blog:author-feed-rss", kwargs={"username": username})
        assert client.get(url).status_code == 404


def test_author_feed_query_count_does_not_grow_with_articles(
    client, setup, django_assert_num_queries
):
    author = setup["public"].author
    for _ in range(5):
        ArticleFactory(author=author, tags=[TagFactory()])
    # the content version, the author, whether they have an article, the articles, their tags
    with django_assert_num_queries(5):
        url = reverse("blog:author-feed-rss", kwargs={"username": author.username})
        assert client.get(url)["X-Cache"] == "MISS"
