"""What readers see of health content: the review line, correction notes, the numbered
references with links both ways, the disclaimer, profiles, and the JSON-LD, feeds and sitemap
that describe them."""

import json
import re
from datetime import date, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Category, Correction, SiteDisclaimer
from tests.blog.factories import (
    ArticleFactory,
    CategoryFactory,
    CorrectionFactory,
    PersonFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# The schema.org names the JSON-LD may use (checked against https://schema.org/ by hand when
# one is added): a misspelt or invented property fails here instead of being ignored by
# search engines.
SCHEMA_TYPES = {
    "Article", "BreadcrumbList", "CreativeWork", "EducationalOccupationalCredential",
    "ImageObject", "ListItem", "MedicalWebPage", "Organization", "Person", "ProfilePage",
    "WebPage",
}  # fmt: skip
SCHEMA_PROPERTIES = {
    "@context", "@type", "@id", "articleSection", "author", "citation", "dateModified",
    "datePublished", "description", "hasCredential", "headline", "height", "image", "item",
    "itemListElement", "jobTitle", "keywords", "lastReviewed", "logo", "mainEntity",
    "mainEntityOfPage", "name", "position", "publisher", "reviewedBy", "sameAs", "url", "width",
}  # fmt: skip


def schema_names(data):
    """Every property name and @type in `data`, recursively."""
    if isinstance(data, list):
        for item in data:
            yield from schema_names(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield "property", key
            if key == "@type":
                yield "type", value
            yield from schema_names(value)


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    blocks = [json.loads(block) for block in BLOCK.findall(response.content.decode())]
    for kind, name in schema_names(blocks):
        assert name in (SCHEMA_TYPES if kind == "type" else SCHEMA_PROPERTIES), name
    return blocks


@pytest.fixture
def reviewed(db):
    """A published article with a reviewer, two references cited three times and two notes."""
    reviewer = PersonFactory(
        name="Dana Rivera", slug="dana-rivera", credentials="Physiotherapist, MSc",
        job_title="Clinical specialist", same_as="https://example.org/a\nhttps://example.org/b",
    )  # fmt: skip
    article = ArticleFactory(
        title="Needles and backs",
        body="One [@first]. Two [@second]. Again [@first].\n\n`[@first]` in code.",
        reviewer=reviewer,
        last_reviewed_on=date(2026, 3, 4),
    )
    ReferenceFactory(article=article, position=1, key="first", title="First study",
                     doi="10.5555/first", pmid="123456")  # fmt: skip
    ReferenceFactory(article=article, position=2, key="second", title="Second study",
                     doi="", url="https://example.org/second")  # fmt: skip
    CorrectionFactory(article=article, noted_on=date(2026, 1, 2), text="Older note.")
    CorrectionFactory(
        article=article, noted_on=date(2026, 5, 6), kind=Correction.Kind.UPDATE,
        text="Corrected the number of sessions.",
    )  # fmt: skip
    article.save()  # the references exist now: link the markers
    return article


def test_the_page_shows_the_review_line_linked_to_the_reviewers_page(client, reviewed):
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert (
        'Medically reviewed by <a href="/people/dana-rivera/">Dana Rivera</a>, '
        'Physiotherapist, MSc on <time datetime="2026-03-04">4 March 2026</time>' in page
    )


def test_notes_are_shown_at_the_top_newest_first_with_their_kind(client, reviewed):
    page = client.get(reviewed.get_absolute_url()).content.decode()
    newest = page.index("Corrected the number of sessions.")
    assert page.index("Older note.") > newest
    assert newest < page.index('class="prose"')
    assert '<strong>Update <time datetime="2026-05-06">6 May 2026</time>:</strong>' in page
    assert '<strong>Correction <time datetime="2026-01-02">2 January 2026</time>:</strong>' in page


def test_citations_link_to_the_numbered_list_and_the_list_links_back(client, reviewed):
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert re.findall(r'<a href="#ref-(\w+)"[^>]*>\[(\d)\]</a>', page) == [
        ("first", "1"), ("second", "2"), ("first", "1"),
    ]  # fmt: skip
    assert "<code>[@first]</code>" in page
    references = page[page.index('<h2 id="references-title">References</h2>') :]
    assert references.index('<li id="ref-first">') < references.index('<li id="ref-second">')
    for anchor in ("cite-first-1", "cite-first-2", "cite-second-1"):
        assert f'id="{anchor}"' in page
        assert f'href="#{anchor}"' in references
    assert 'DOI: <a href="https://doi.org/10.5555/first">10.5555/first</a>' in references
    assert 'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/123456/">123456</a>' in references
    assert '<a href="https://example.org/second">' in references


@pytest.mark.parametrize(
    ("mode", "own", "shown"),
    [
        (Category.Disclaimer.SITE, "", "The site's words."),
        (Category.Disclaimer.OWN, "The category's words.", "The category's words."),
        (Category.Disclaimer.NONE, "", None),
    ],
)
def test_the_disclaimer_follows_the_category(client, mode, own, shown):
    SiteDisclaimer(text="The site's words.").save()
    category = CategoryFactory(disclaimer=mode, disclaimer_text=own)
    page = client.get(ArticleFactory(category=category).get_absolute_url()).content.decode()
    if shown:
        assert '<h2 id="disclaimer-title">Medical disclaimer</h2>' in page
        assert f"<p>{shown}</p>".replace("'", "&#x27;") in page
    else:
        assert "Medical disclaimer" not in page


def test_a_category_with_its_own_disclaimer_must_give_its_text():
    from django.core.exceptions import ValidationError

    category = Category(name="Sleep", slug="sleep", disclaimer=Category.Disclaimer.OWN)
    with pytest.raises(ValidationError, match="Write the category's disclaimer"):
        category.full_clean()


def test_json_ld_describes_a_medical_web_page_with_reviewer_citations_and_dates(client, reviewed):
    data, breadcrumbs = json_ld(client, reviewed.get_absolute_url())
    url = f"http://testserver{reviewed.get_absolute_url()}"
    reviewed.refresh_from_db()
    assert data["@type"] == "Article"
    assert data["dateModified"] == reviewed.updated_at.isoformat()
    page = data["mainEntityOfPage"]
    assert page["@type"] == "MedicalWebPage"
    assert page["@id"] == url
    assert page["lastReviewed"] == "2026-03-04"
    assert page["mainEntity"] == {"@id": f"{url}#article"}
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dana Rivera",
        "url": "http://testserver/people/dana-rivera/",
        "jobTitle": "Clinical specialist",
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "name": "Physiotherapist, MSc",
        },
        "sameAs": ["https://example.org/a", "https://example.org/b"],
    }
    assert [work["name"] for work in data["citation"]] == ["First study", "Second study"]
    assert data["citation"][0]["url"] == "https://doi.org/10.5555/first"
    assert data["citation"][1]["url"] == "https://example.org/second"


def test_an_article_without_review_stays_a_plain_article_page(client):
    data, _ = json_ld(client, ArticleFactory().get_absolute_url())
    assert data["mainEntityOfPage"]["@type"] == "WebPage"
    assert "citation" not in data


def test_an_author_with_a_profile_shows_credentials_in_byline_and_json_ld(client):
    article = ArticleFactory(author__username="ada", author__display_name="Ada Reader")
    PersonFactory(name="Ada Reader", slug="ada-reader", credentials="PhD", user=article.author)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'rel="author">Ada Reader</a>, PhD' in page
    data, _ = json_ld(client, article.get_absolute_url())
    assert data["author"]["hasCredential"]["name"] == "PhD"
    assert data["author"]["url"] == "http://testserver/authors/ada/"
    [profile] = json_ld(client, reverse("blog:author", kwargs={"username": "ada"}))
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Ada Reader"


def test_the_reviewers_page_shows_profile_and_reviewed_articles(client, reviewed):
    ArticleFactory(title="Unreviewed draft", draft=True, reviewer=reviewed.reviewer)
    response = client.get(reverse("blog:person", kwargs={"slug": "dana-rivera"}))
    page = response.content.decode()
    assert "<h1" in page and "Dana Rivera" in page and "Physiotherapist, MSc" in page
    assert "Needles and backs" in page
    assert "Unreviewed draft" not in page
    assert '<a href="https://example.org/a" rel="me noopener">' in page
    [profile] = json_ld(client, reverse("blog:person", kwargs={"slug": "dana-rivera"}))
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["@type"] == "Person"


def test_a_demo_persona_says_it_is_fictional(client):
    PersonFactory(slug="demo", is_demo=True)
    page = client.get(reverse("blog:person", kwargs={"slug": "demo"})).content.decode()
    assert "This is a fictional person from the demo content" in page


def test_same_as_links_must_be_https_addresses():
    from django.core.exceptions import ValidationError

    person = PersonFactory.build(slug="x", same_as="https://ok.example\nnot a link")
    with pytest.raises(ValidationError, match="“not a link” is not an https:// address"):
        person.full_clean()


def test_feeds_carry_the_notes_and_the_references_with_absolute_links(client, reviewed):
    for name in ("blog:feed-rss", "blog:feed-atom"):
        feed = feedparser.parse(client.get(reverse(name)).content)
        content = feed.entries[0].content[0].value
        assert "Corrected the number of sessions." in content
        assert "First study" in content
        assert f'href="http://testserver{reviewed.get_absolute_url()}#ref-first"' in content


def test_a_correction_added_in_the_admin_moves_date_modified_sitemap_and_feed(
    client, editor, reviewed
):
    import time_machine

    later = timezone.now() + timedelta(days=3)
    client.force_login(editor)
    url = reverse("admin:blog_article_change", args=[reviewed.pk])
    data = {
        "title": reviewed.title, "slug": reviewed.slug, "summary": reviewed.summary,
        "body": reviewed.body, "category": reviewed.category_id, "status": "published",
        "published_at_0": reviewed.published_at.strftime("%Y-%m-%d"),
        "published_at_1": reviewed.published_at.strftime("%H:%M:%S"),
        "author": reviewed.author_id, "comments_open": "on", "cover_alt": "",
        "corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0",
        "corrections-0-noted_on": later.date().isoformat(), "corrections-0-kind": "correction",
        "corrections-0-text": "Fixed a dose.",
    }  # fmt: skip
    with time_machine.travel(later, tick=False):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    reviewed.refresh_from_db()
    assert reviewed.updated_at == later
    data, _ = json_ld(client, reviewed.get_absolute_url())
    assert data["dateModified"] == later.isoformat()
    sitemap = client.get(reverse("sitemap-section", kwargs={"section": "articles"}))
    assert f"<lastmod>{later.date().isoformat()}</lastmod>" in sitemap.content.decode()
    entry = feedparser.parse(client.get(reverse("blog:feed-atom")).content).entries[0]
    assert "Fixed a dose." in entry.content[0].value
    assert entry.updated.startswith(later.date().isoformat())
