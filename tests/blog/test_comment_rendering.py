"""`render_comment()`: plain text with paragraphs, line breaks and marked links, nothing else."""

import pytest

from blog.markdown import count_links, render_comment


def test_paragraphs_and_line_breaks_are_kept():
    text = "First line\r\nsecond line\r\n\r\n\r\nNext paragraph"
    assert render_comment(text) == "<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>"


def test_markdown_and_html_are_shown_as_text():
    html = render_comment("**bold** <em>hi</em> & [link](https://example.org)")
    assert html.startswith("<p>**bold** &lt;em&gt;hi&lt;/em&gt; &amp; [link](")
    assert "<em>" not in html


def test_addresses_become_links_marked_user_generated():
    html = render_comment("See https://example.org/study?id=1&x=2 for more")
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
    assert f'href="{url}"' in render_comment(text)


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
    assert "<a" not in render_comment(text)


def test_count_links_counts_what_would_be_linked():
    assert count_links("https://a.example http://b.example/x, https:// ftp://c.example") == 2
    assert count_links("") == 0


def test_empty_comment_renders_nothing():
    assert render_comment("  \n\n ") == ""
