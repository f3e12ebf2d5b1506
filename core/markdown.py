"""The one Markdown renderer: articles, pages, FAQs and the editor's live preview all use it.

Markdown is converted with a fixed set of extensions, then every byte of the result passes the
nh3 allow-list in `sanitize()`. Heading ids come from the toc extension, so the table of
contents and the anchors always agree.

Readers' comments are not Markdown: `render_comment()` shows them as plain text with paragraphs,
line breaks and links, and passes the result through the same `sanitize()`.
"""

import html
import math
import re
from dataclasses import dataclass, field

import markdown as markdown_lib
import nh3

WORDS_PER_MINUTE = 200

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
URL_SCHEMES = {"http", "https", "mailto"}
COMMENT_LINK_REL = "nofollow ugc noopener"
_URL = re.compile(r"(https?://)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# A heading the editor wrote as H1 is shown as H2: the article title is the page's only H1.
_H1 = re.compile(r"<(/?)h1(\b[^>]*)>")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)
    words: int = 0
    # The words a reader sees, without markup: what search matches and quotes in snippets.
    text: str = ""

    @property
    def reading_time(self):
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def sanitize(dirty_html, *, link_rel="noopener noreferrer"):
    """Keep only the allow-listed tags, attributes and URL schemes; drop everything else.

    `link_rel` is set on every link: readers' comments pass "nofollow ugc noopener".
    """
    return nh3.clean(
        dirty_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def render(text):
    """Render Markdown `text` to sanitised HTML plus its table of contents (the H2s)."""
    md = markdown_lib.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "toc"],
        extension_configs={
            "toc": {"toc_depth": "1-6"},
        },
        output_format="html",
    )
    body = _H1.sub(r"<\1h2\2>", md.convert(text or ""))
    toc = [
        {"id": token["id"], "title": html.unescape(token["name"])}
        for token in _flatten(md.toc_tokens)
        if token["level"] <= 2
    ]
    plain = nh3.clean(body, tags=set())
    return Rendered(
        html=sanitize(body), toc=toc, words=len(plain.split()), text=html.unescape(plain).strip()
    )


def markdownify(text):
    """markdownx's MARKDOWNX_MARKDOWNIFY_FUNCTION: the live preview shows what readers see."""
    return render(text).html


def render_comment(text):
    """Render a reader's plain-text comment: everything is text except paragraphs, line breaks
    and http(s) addresses, which become links marked as user-generated and not endorsed.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = _BLANK_LINES.split(text)
    body = "\n".join(
        "<p>" + "<br>\n".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph
    )
    return sanitize(body, link_rel=COMMENT_LINK_REL)


def count_links(text):
    """How many addresses `render_comment()` would turn into links."""
    return sum(1 for _ in _comment_urls(text or ""))


def _linkify(line):
    parts, last = [], 0
    for start, end in _comment_urls(line):
        url = line[start:end]
        parts += [
            html.escape(line[last:start]),
            f'<a href="{html.escape(url)}">{html.escape(url)}</a>',
        ]
        last = end
    parts.append(html.escape(line[last:]))
    return "".join(parts)


def _comment_urls(text):
    """(start, end) of each http(s) address, without the punctuation that usually ends a
    sentence or closes a bracket around it."""
    for match in _URL.finditer(text):
        url = match.group()
        while url and (
            url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if len(url) > len(match.group(1)):
            yield match.start(), match.start() + len(url)


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])
