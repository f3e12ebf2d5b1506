"""Citation markers: `[@key]` in an article's Markdown becomes a numbered superscript link to
its entry in the reference list, which links back to each place it is cited.

The step works on the HTML that `core.markdown.render()` returns, whatever library renders the
Markdown underneath: `[@key]` is not Markdown syntax (no renderer turns it into anything), so
it survives as literal text, and it is replaced here only in text outside <code> and <pre> and
outside tags. A reference is numbered by its place in the list; every citation of it carries
that number.

What this module adds to sanitised HTML is built here from a key matching `[a-z0-9-]+` (the
marker's own pattern) and integers, nothing an editor typed otherwise: the one sanitiser has
already seen every other byte. It adds `id`s (the targets of the links back), which the
sanitiser's allow-list rightly refuses to editors' markup, so the result is not sanitised a
second time; tests hold that the only difference a second pass would make is those ids.
"""

import re

from core.markdown import MarkdownRefused, render

MARKER = re.compile(r"\[@([a-z0-9][a-z0-9-]{0,39})\]")
CITATION_START = "[@"  # a body without it cites nothing
# A DOI: "10.", a registrant code of digits (and dots), "/", and a suffix without spaces.
DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
PMID = re.compile(r"[1-9]\d{0,7}")
_TAGS = re.compile(r"(<[^>]*>)")
_CODE_OPEN = re.compile(r"<(code|pre)\b", re.IGNORECASE)
_CODE_CLOSE = re.compile(r"</(code|pre)\s*>", re.IGNORECASE)
_CITATION_ID = re.compile(r'id="cite-([a-z0-9-]+)-\d+"')
HELP_TEXT = (
    "Markdown. Drop or paste images into the editor to upload them. Cite a reference from the "
    "list below with [@marker], e.g. “as one trial found [@cherkin-2009]”: readers see a "
    "numbered link to it."
)


def _text_segments(html):
    """(segment, is_text_to_scan) for each piece of `html`: tags, and text inside code or pre,
    are passed through untouched."""
    depth = 0
    for piece in _TAGS.split(html):
        if piece.startswith("<"):
            if _CODE_OPEN.match(piece):
                depth += 1
            elif _CODE_CLOSE.match(piece):
                depth = max(0, depth - 1)
            yield piece, False
        else:
            yield piece, depth == 0


def cited_keys(html):
    """The marker keys cited in rendered `html` (outside code), in order of first citation."""
    keys = {}
    for piece, scan in _text_segments(html):
        if scan:
            for match in MARKER.finditer(piece):
                keys.setdefault(match.group(1), None)
    return list(keys)


def unknown_markers(body, keys):
    """The markers in Markdown `body` that name no reference in `keys`, in order of use. A
    body beyond the Markdown limits has none here: the body field says what is wrong with it."""
    if CITATION_START not in (body or ""):
        return []
    try:
        html = render(body).html
    except MarkdownRefused:
        return []
    known = set(keys)
    return [key for key in cited_keys(html) if key not in known]


def link_citations(html, keys, *, preview=False):
    """`html` with each `[@key]` of a key in `keys` (the reference list, in order) replaced by
    its number, linked to `#ref-<key>`; each citation gets the id `cite-<key>-<n>` for the
    link back. Markers of unknown keys stay as typed (saving refuses them in the admin).

    With `preview`, the editor's live preview: the references being typed are not known yet,
    so every marker is numbered in order of first citation and carries no id.
    """
    numbers = {key: number for number, key in enumerate(keys, start=1)}
    seen = {}

    def replace(match):
        key = match.group(1)
        if preview:
            number = numbers.setdefault(key, len(numbers) + 1)
        elif key not in numbers:
            return match.group()
        else:
            number = numbers[key]
        seen[key] = seen.get(key, 0) + 1
        anchor = "" if preview else f' id="cite-{key}-{seen[key]}"'
        return f'<sup class="citation"{anchor}><a href="#ref-{key}">[{number}]</a></sup>'

    return "".join(
        MARKER.sub(replace, piece) if scan else piece for piece, scan in _text_segments(html)
    )


def citation_counts(html):
    """{key: how many times it is cited} in HTML made by link_citations()."""
    counts = {}
    for key in _CITATION_ID.findall(html):
        counts[key] = counts.get(key, 0) + 1
    return counts


def markdownify(text):
    """markdownx's live preview: what readers see, citations numbered in order of use."""
    return link_citations(render(text).html, (), preview=True)
