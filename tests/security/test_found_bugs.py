"""Bugs the hostile-input suite found, each pinned by a test that failed before its fix."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

CONTROL = "bell\x07 escape\x1b[31m vertical\x0bfeed\x0c end"


@pytest.mark.parametrize(
    "feed",
    [
        "blog:feed-rss",
        "blog:feed-atom",
        "blog:category-feed-rss",
        "blog:category-feed-atom",
        "blog:tag-feed-rss",
        "blog:tag-feed-atom",
    ],
)
def test_control_characters_in_article_texts_do_not_break_the_feeds(client, feed):
    """Django refuses to write them into XML; one pasted title used to make every feed a 500."""
    category = CategoryFactory(slug="sample", name=f"Category {CONTROL}", description=CONTROL)
    tag = TagFactory(slug="sample", name="tag\x07")
    author = UserFactory(is_staff=True, display_name=f"Author {CONTROL}")
    ArticleFactory(
        title=f"Title {CONTROL}",
        summary=f"Summary {CONTROL}",
        body=f"Body {CONTROL}",
        category=category,
        tags=[tag],
        author=author,
    )
    kwargs = {"slug": "sample"} if "-feed-" in feed else None
    response = client.get(reverse(feed, kwargs=kwargs))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [el.text for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "title"]
    assert "Title bell escape[31m verticalfeed end" in titles


@pytest.mark.parametrize("feed", ["blog:feed-rss", "blog:feed-atom"])
def test_a_summary_is_text_in_the_feeds_not_html_for_the_reader_to_run(client, feed):
    """RSS <description> and Atom <summary type="html"> are HTML to feed readers."""
    ArticleFactory(summary='Tables <b>&</b> <a href="javascript:alert(1)">charts</a>')
    root = ET.fromstring(client.get(reverse(feed)).content)  # noqa: S314 - our own feed
    [summary] = [
        el.text
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] in ("description", "summary")
        and el.text
        and "charts" in el.text
    ]
    assert summary == (
        "Tables &lt;b&gt;&amp;&lt;/b&gt; "
        "&lt;a href=&quot;javascript:alert(1)&quot;&gt;charts&lt;/a&gt;"
    )
