"""HTML of an exported post as Markdown (markdownify), before it is rendered and sanitised like
any article. Scripts and styles are dropped with their content; attributes (on* handlers
included) have no Markdown form and vanish; whatever raw HTML survives still passes
core.markdown's sanitiser when the article is saved."""

import re

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

DROPPED = ["script", "style", "iframe", "object", "embed", "form", "noscript", "template"]

_BLOCK_START = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|!--)\b", re.IGNORECASE
)
_BLANK_LINE = re.compile(r"\n\s*\n")


def html_to_markdown(html):
    soup = BeautifulSoup(_paragraphs(html or ""), "html.parser")
    for element in soup(DROPPED):
        element.decompose()
    converter = MarkdownConverter(heading_style="ATX", bullets="-", escape_misc=True)
    markdown = converter.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def html_to_text(html):
    """Plain text (excerpts, comments): tags gone, paragraphs kept as blank lines."""
    soup = BeautifulSoup(_paragraphs(html or ""), "html.parser")
    for element in soup(DROPPED):
        element.decompose()
    blocks = [" ".join(p.get_text(" ").split()) for p in soup.find_all("p")] or [
        " ".join(soup.get_text(" ").split())
    ]
    return "\n\n".join(block for block in blocks if block)


def _paragraphs(html):
    """WordPress keeps classic-editor posts as text with blank lines between paragraphs (its
    wpautop adds the <p> when showing them); add them, or the paragraphs would run together."""
    if "<p" in html.lower():
        return html
    chunks = [chunk.strip() for chunk in _BLANK_LINE.split(html) if chunk.strip()]
    return "\n".join(chunk if _BLOCK_START.match(chunk) else f"<p>{chunk}</p>" for chunk in chunks)
