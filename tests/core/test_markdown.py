"""The one Markdown renderer: anchors, table of contents, reading time, and the sanitiser."""

import pytest

from core.markdown import render, sanitize
from tests.payloads import XSS_PAYLOADS, assert_inert


def test_h2_headings_get_anchors_and_make_the_table_of_contents():
    rendered = render("Intro\n\n## Blood flow & healing\n\ntext\n\n### Detail\n\n## Conclusion\n")
    assert '<h2 id="blood-flow-healing">Blood flow &amp; healing</h2>' in rendered.html
    assert '<h3 id="detail">Detail</h3>' in rendered.html
    assert rendered.toc == [
        {"id": "blood-flow-healing", "title": "Blood flow & healing"},
        {"id": "conclusion", "title": "Conclusion"},
    ]


def test_repeated_headings_get_distinct_anchors():
    rendered = render("## Notes\n\na\n\n## Notes\n\nb")
    assert [entry["id"] for entry in rendered.toc] == ["notes", "notes_1"]


def test_h1_in_the_body_becomes_h2_so_the_title_stays_the_only_h1():
    assert render("# Big\n\ntext").html.startswith('<h2 id="big">Big</h2>')


def test_tables_and_fenced_code_render():
    html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\nx < y\n```").html
    assert '<th style="text-align:left">a</th>' in html
    assert "<pre><code>x &lt; y\n</code></pre>" in html


def test_reading_time_is_words_over_200_rounded_up():
    assert render("word " * 200).reading_time == 1
    assert render("word " * 201).reading_time == 2
    assert render("").reading_time == 1


def test_safe_links_and_images_survive():
    html = render("[site](https://example.org/a?b=1) ![alt text](/media/uploads/x.png)").html
    assert 'href="https://example.org/a?b=1"' in html
    assert 'rel="noopener noreferrer"' in html
    assert '<img alt="alt text" src="/media/uploads/x.png">' in html


def test_style_attributes_other_than_text_align_are_dropped():
    html = sanitize('<table><tr><td style="color:red;text-align:left">x</td></tr></table>')
    assert '<td style="text-align:left">x</td>' in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_inert(payload):
    html = render(f"Intro\n\n{payload}\n\n## Section\n\n{payload}").html
    assert_inert(html)


def test_payload_list_is_large_enough():
    assert len(XSS_PAYLOADS) >= 30
