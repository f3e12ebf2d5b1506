"""Comment: its text is stored rendered (`body_html`, by core.markdown.render_comment) as plain
text with paragraphs, line breaks and marked links, nothing else."""

import pytest

from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def stored_html(text):
    """What a comment with this text stores for its page."""
    return CommentFactory(body=text).body_html


def test_paragraphs_and_line_breaks_are_kept():
    text = "First line\r\nsecond line\r\n\r\n\r\nNext paragraph"
    assert stored_html(text) == "<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>"


def test_markdown_and_html_are_shown_as_text():
    html = stored_html("**bold** <em>hi</em> & [link](https://example.org)")
    assert html.startswith("<p>**bold** &lt;em&gt;hi&lt;/em&gt; &amp; [link](")
    assert "<em>" not in html


def test_addresses_become_links_marked_user_generated():
    html = stored_html("See https://example.org/study?id=1&x=2 for more")
    assert html == (
        '<p>See <a href="https://example.org/study?id=1&amp;x=2" rel="nofollow ugc noopener">'
        "https://example.org/study?id=1&amp;x=2</a> for more</p>"
    )


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("(see https://example.org/a)", "https://example.org/a"),
        (
            "https://en.wikipedia.org/wiki/Pain_(disambiguation).",
            "https://en.wikipedia.org/wiki/Pain_(disambiguation)",
        ),
        ("Read http://example.org, then", "http://example.org"),
        ('"https://example.org/q"', "https://example.org/q"),
    ],
)
def test_sentence_punctuation_is_not_part_of_a_link(text, url):
    assert f'href="{url}"' in stored_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "ftp://example.org",
        "data:text/html,hi",
        "https://",
        "www.example.org",
    ],
)
def test_other_schemes_stay_text(text):
    assert "<a" not in stored_html(text)


def test_empty_comment_renders_nothing():
    assert stored_html("  \n\n ") == ""


def test_deleted_comment_keeps_no_rendered_text():
    assert CommentFactory(body="", is_deleted=True).body_html == ""
