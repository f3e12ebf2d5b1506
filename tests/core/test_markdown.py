"""The one Markdown renderer: anchors, table of contents, reading time, limits, the sanitiser."""

import pathlib
import re

import pytest
from django.conf import settings

from core.markdown import (
    CONTENT_ID_PREFIXES,
    MAX_DEPTH,
    MAX_LENGTH,
    MarkdownRefused,
    render,
    sanitize,
)
from tests.payloads import XSS_PAYLOADS, assert_inert


def test_h2_headings_get_anchors_and_make_the_table_of_contents():
    rendered = render("Intro\n\n## Blood flow & healing\n\ntext\n\n### Detail\n\n## Conclusion\n")
    assert '<h2 id="h-blood-flow-healing">Blood flow &amp; healing</h2>' in rendered.html
    assert '<h3 id="h-detail">Detail</h3>' in rendered.html
    assert rendered.toc == [
        {"id": "h-blood-flow-healing", "title": "Blood flow & healing"},
        {"id": "h-conclusion", "title": "Conclusion"},
    ]


def test_repeated_headings_get_distinct_anchors():
    rendered = render("## Notes\n\na\n\n## Notes\n\nb")
    assert [entry["id"] for entry in rendered.toc] == ["h-notes", "h-notes_1"]


def test_h1_in_the_body_becomes_h2_so_the_title_stays_the_only_h1():
    assert render("# Big\n\ntext").html.startswith('<h2 id="h-big">Big</h2>')


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
    assert '<img src="/media/uploads/x.png" alt="alt text">' in html


def test_style_attributes_other_than_text_align_are_dropped():
    html = sanitize('<table><tr><td style="color:red;text-align:left">x</td></tr></table>')
    assert '<td style="text-align:left">x</td>' in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_inert(payload):
    html = render(f"Intro\n\n{payload}\n\n## Section\n\n{payload}").html
    assert_inert(html)


def test_payload_list_is_large_enough():
    assert len(XSS_PAYLOADS) >= 30


def test_headings_take_ids_in_their_own_namespace_and_the_contents_follow():
    rendered = render("# Comment form\n\n## Comments\n\n## Main\n\n## Comment 12\n\n## Héllo wörld")
    ids = re.findall(r'<h2 id="([^"]+)"', rendered.html)
    assert ids == ["h-comment-form", "h-comments", "h-main", "h-comment-12", "h-hello-world"]
    assert [entry["id"] for entry in rendered.toc] == ids
    assert rendered.toc[-1]["title"] == "Héllo wörld"


def test_many_identical_headings_get_distinct_anchors():
    ids = [entry["id"] for entry in render("## Notes\n\n" * 500 + "## Notes_1").toc]
    assert len(set(ids)) == 501
    assert ids[:3] == ["h-notes", "h-notes_1", "h-notes_2"]


def test_raw_html_cannot_take_an_id_outside_the_bodys_namespace():
    html = render('<h2 id="comment-form">Hi</h2>\n\n<a id="comments" href="/x">x</a>').html
    assert 'id="comment' not in html
    assert "Hi" in html


def test_no_template_id_starts_with_a_body_id_prefix():
    """The rule that keeps headings off the page's ids holds only while the templates stay out
    of the body's namespace."""
    for template in pathlib.Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for identifier in re.findall(r'\bid="([^"{]*)', template.read_text()):
            assert not identifier.startswith(CONTENT_ID_PREFIXES), (template, identifier)


def test_raw_inline_html_on_the_allow_list_survives_and_the_rest_is_dropped():
    """html=True, as python-markdown had: the sanitiser decides, not the parser."""
    html = render(
        'Press <kbd>Ctrl</kbd>, <mark>note</mark> <abbr title="World Health Organization">WHO'
        '</abbr> H<sub>2</sub>O <span style="color:red">plain</span> <script>x()</script>'
    ).html
    assert "<kbd>Ctrl</kbd>" in html
    assert "<mark>note</mark>" in html
    assert '<abbr title="World Health Organization">WHO</abbr>' in html
    assert "H<sub>2</sub>O" in html
    assert "plain" in html
    assert "<span" not in html
    assert "script" not in html


def test_footnotes_link_both_ways_inside_the_bodys_namespace():
    html = render("Acupuncture[^1] helps.\n\n[^1]: Cherkin 2009.").html
    assert '<a href="#fn-1" id="fnref-1"' in html
    assert '<li id="fn-1">' in html
    assert 'href="#fnref-1"' in html
    assert "Cherkin 2009." in html


def test_a_body_at_the_length_limit_renders_and_one_past_it_is_refused():
    assert render("a" * MAX_LENGTH).words == 1
    with pytest.raises(MarkdownRefused, match=f"too long: {MAX_LENGTH + 1:,} characters"):
        render("a" * (MAX_LENGTH + 1))


def nested(depth):
    return "\n".join("  " * level + "- item" for level in range(depth))


def test_lists_and_quotes_nested_to_the_limit_render_and_one_more_is_refused():
    assert render(nested(MAX_DEPTH)).html.count("<ul>") == MAX_DEPTH
    assert render(">" * MAX_DEPTH + " q").html.count("<blockquote>") == MAX_DEPTH
    with pytest.raises(MarkdownRefused, match=f"nested too deeply: at most {MAX_DEPTH} levels"):
        render(nested(MAX_DEPTH + 1))
    with pytest.raises(MarkdownRefused, match="line 3"):
        render("text\n\n" + ">" * (MAX_DEPTH + 1) + " q")
    assert "<blockquote>" in render("> - " * (MAX_DEPTH // 2) + "mixed").html
    with pytest.raises(MarkdownRefused, match="nested too deeply"):
        render("> - " * (MAX_DEPTH // 2 + 1) + "mixed")
