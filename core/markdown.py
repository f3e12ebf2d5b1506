"""The one Markdown renderer: articles, pages, FAQs and the editor's live preview all use it.

Markdown is CommonMark, parsed by markdown-it-py (linear time, no backtracking, nesting and
so recursion bounded) with tables, strikethrough and footnotes, then every byte of the result
passes the nh3 allow-list in `sanitize()`. Raw HTML in the Markdown is parsed (html=True) as
python-markdown did before, so an editor's <kbd>, <mark> or <abbr title> survives; whatever the
allow-list does not name is dropped by the sanitiser, never by the parser.

Limits: a body longer than MAX_LENGTH characters, or with lists and block quotes nested more
than MAX_DEPTH deep, is refused with `MarkdownRefused`, whose message is written for the editor
(the admin forms show it on the body field through `validate_markdown`, the live preview in
place of the preview). Within them, time grows linearly with the length: the slowest inputs
we know, runs of "*[" or "![" at the length limit, take about a second on a busy machine (they
took over 30 s before); the demo articles about a millisecond (bench/RESULTS.md).

Ids: the page around a body uses ids of its own ("main", "comments", "comment-form", each
comment's "comment-<pk>", form fields' "id_<name>", FAQ anchors an editor chooses...). A
reserved list would have to follow every template and every editor's anchor, and one forgotten
id lets a heading such as "## Comment form" hijack the Reply button. So every id inside a body
lives in its own namespace instead: headings get "h-<slug>" ("## Comment form" ->
#h-comment-form), footnotes "fn-<n>" and "fnref-<n>", and `sanitize()` drops any other id (raw
HTML included), so no body can ever take an id of the page, whatever the templates add later,
as long as no template id starts with one of CONTENT_ID_PREFIXES (a test checks). The table of
contents reads the same ids from the same tokens, so it always links to the headings. Repeated
headings get "_1", "_2"... as python-markdown's toc did. The price, paid once: links to the old
anchors (#conclusion) now land at the top of the article (`manage.py rerender_markdown` writes
the new ids). Two FAQ answers on one page may still repeat a heading id between them.

Readers' comments are not Markdown: `render_comment()` shows them as plain text with paragraphs,
line breaks and links, and passes the result through the same `sanitize()`.
"""

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

WORDS_PER_MINUTE = 200
# About 8,000 words: a long read. Past it even the worst input we know stays near half a second.
MAX_LENGTH = 50_000
# Lists and block quotes inside one another; real writing rarely goes past four.
MAX_DEPTH = 10
# Links, images and emphasis inside one another. Each "[" looks this deep for its end, so a run
# of "![" costs length x this: 10 is twice as cheap as CommonMark's preset (20) and still far
# more than writing needs (an image in a link is 2). Deeper, the brackets are shown as text.
MAX_INLINE_DEPTH = 10

HEADING_ID_PREFIX = "h-"
CONTENT_ID_PREFIXES = (HEADING_ID_PREFIX, "fn-", "fnref-")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},
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
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_CONTAINER_ENDS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


class MarkdownRefused(ValueError):
    """The body is beyond the limits; `message` tells the editor what to change."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


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


def _footnote_name(self, tokens, idx, options, env):
    # The plugin's ids are "fn" + this and "fnref" + this: "fn-1", "fnref-1".
    return f"-{tokens[idx].meta['id'] + 1}"


def _parser(max_nesting):
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": max_nesting})
    md.enable(["table", "strikethrough"]).use(footnote_plugin)
    md.add_render_rule("footnote_anchor_name", _footnote_name)
    return md


# markdown-it has one maxNesting for blocks and inlines, so inline content is parsed by a twin
# parser with the inline bound. The block parser stops nesting at its bound (a list takes two
# levels: list and item), so MAX_DEPTH + 1 containers always show up in the tokens and are
# refused, and recursion stays far below Python's limit.
_INLINE = _parser(MAX_INLINE_DEPTH)
_MD = _parser(2 * MAX_DEPTH + 2)


def _inline(state):
    for token in state.tokens:
        if token.type == "inline":
            token.children = token.children or []
            _INLINE.inline.parse(token.content, _INLINE, state.env, token.children)


_MD.core.ruler.at("inline", _inline)


def sanitize(dirty_html, *, link_rel="noopener noreferrer"):
    """Keep only the allow-listed tags, attributes and URL schemes; drop everything else.

    `link_rel` is set on every link: readers' comments pass "nofollow ugc noopener". An id
    survives only in the body's own namespace (CONTENT_ID_PREFIXES): never one of the page's.
    """
    return nh3.clean(
        dirty_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
        filter_style_properties={"text-align"},
        attribute_filter=_content_ids_only,
    )


def _content_ids_only(tag, attribute, value):
    if attribute == "id" and not value.startswith(CONTENT_ID_PREFIXES):
        return None
    return value


def render(text):
    """Render Markdown `text` to sanitised HTML plus its table of contents (the H2s).

    Raises MarkdownRefused when `text` is longer than MAX_LENGTH or nests lists and block
    quotes deeper than MAX_DEPTH.
    """
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise MarkdownRefused(
            f"This text is too long: {len(text):,} characters, and the limit is "
            f"{MAX_LENGTH:,}. Split it into two, or shorten it."
        )
    tokens = _MD.parse(text)
    _check_depth(tokens)
    toc = _name_headings(tokens)
    body = _MD.renderer.render(tokens, _MD.options, {})
    plain = nh3.clean(body, tags=set())
    return Rendered(
        html=sanitize(body).rstrip("\n"),
        toc=toc,
        words=len(plain.split()),
        text=html.unescape(plain).strip(),
    )


def validate_markdown(text):
    """A model's clean(): the limits of render() as a ValidationError for the body field."""
    try:
        render(text)
    except MarkdownRefused as refused:
        raise ValidationError(refused.message, code="markdown_limits") from None


def markdownify(text):
    """markdownx's MARKDOWNX_MARKDOWNIFY_FUNCTION: the live preview shows what readers see."""
    return render(text).html


def _check_depth(tokens):
    depth = 0
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise MarkdownRefused(
                    f"Lists or quotes are nested too deeply: at most {MAX_DEPTH} levels, one "
                    f"inside another. Flatten the list (or quote) that starts on line "
                    f"{token.map[0] + 1 if token.map else 1}."
                )
        elif token.type in _CONTAINER_ENDS:
            depth -= 1


def _name_headings(tokens):
    """Give each heading its id (HEADING_ID_PREFIX + slug, "_1", "_2"... when repeated), show
    H1 as H2 (the article title is the page's only H1), and return the contents: the H2s."""
    toc, used = [], {}
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        if token.tag == "h1":
            token.tag = "h2"
        if token.type == "heading_close":
            continue
        title = "".join(
            child.content
            for child in tokens[index + 1].children or []
            if child.type in ("text", "code_inline")
        ).strip()
        identifier = _unique(HEADING_ID_PREFIX + (_slugify(title) or "section"), used)
        token.attrSet("id", identifier)
        if token.tag == "h2":
            toc.append({"id": identifier, "title": title})
    return toc


def _slugify(title):
    """python-markdown's toc slug: ASCII, lower case, words joined by "-"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_title).strip().lower())


def _unique(identifier, used):
    """`identifier`, or with the first free "_<n>"; `used` maps each id to the next n to try,
    so a thousand identical headings cost a thousand steps, not half a million."""
    candidate = identifier
    while candidate in used:
        used[identifier] = used.get(identifier, 0) + 1
        candidate = f"{identifier}_{used[identifier]}"
    used.setdefault(candidate, 0)
    return candidate


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


class RenderedFromMarkdown:
    """A mixin for a model that stores what render() made of one of its fields
    (`markdown_field`): the model's save() re-renders, and its clean() checks the limits, only
    when that field is new or has changed since the row was read.

    So a save that leaves the text alone (publishing, unpublishing, a new title) neither pays
    for a render nor fails on a text stored before a limit existed: such a text is refused only
    when someone edits it, with the editor's message (`manage.py rerender_markdown` lists them).
    """

    markdown_field = "body"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._markdown_as_read = instance.__dict__.get(cls.markdown_field)
        return instance

    def markdown_changed(self):
        """True for a new row, or when the Markdown differs from what was read (a deferred
        field counts as changed: it is read now)."""
        read = getattr(self, "_markdown_as_read", None)
        return self._state.adding or read is None or read != getattr(self, self.markdown_field)

    def markdown_saved(self):
        """Call after saving: the stored text is now what the instance holds."""
        self._markdown_as_read = getattr(self, self.markdown_field)
