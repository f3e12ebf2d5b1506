"""WordPress's export (WXR, an RSS file with the wp: namespace) read as a stream.

defusedxml's iterparse reads one <item> at a time and each is dropped once read, so memory
stays flat however big the export is, and entity tricks (billion laughs, external entities)
are refused. The file is read twice: first the small things posts refer to (authors,
attachments for featured images) and the count for the progress bar, then the posts and pages.
"""

from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from defusedxml.ElementTree import iterparse
from django.utils import timezone

from .entries import CommentEntry, Entry, Invalid, Person
from .html import html_to_markdown, html_to_text

KINDS = {"post": "article", "page": "page"}
STATUSES = {
    "publish": "published",
    "future": "published",  # scheduled: published with a publish time to come
    "draft": "draft",
    "pending": "review",
    "private": "draft",  # Folio has no private articles: kept as drafts
}
COMMENT_STATUSES = {"1": "visible", "0": "pending", "spam": "spam", "trash": "hidden"}
NO_DATE = "0000-00-00 00:00:00"


def _name(tag):
    """ "{http://wordpress.org/export/1.2/}post_id" as "wp:post_id", whatever WXR version."""
    if "}" not in tag:
        return tag
    uri, local = tag[1:].split("}", 1)
    if "excerpt" in uri:
        return f"excerpt:{local}"
    if "wordpress.org/export" in uri:
        return f"wp:{local}"
    if "purl.org/rss/1.0/modules/content" in uri:
        return f"content:{local}"
    if "purl.org/dc" in uri:
        return f"dc:{local}"
    return local


def _elements(path, wanted):
    """Each finished element named in `wanted` ("item", "wp:author"), then dropped."""
    parents = []
    for event, element in iterparse(path, events=("start", "end")):
        if event == "start":
            parents.append(element)
            continue
        parents.pop()
        if _name(element.tag) in wanted:
            yield _name(element.tag), element
            element.clear()
            if parents:
                parents[-1].remove(element)


def _text(element, name):
    for child in element:
        if _name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _children(element, name):
    return [child for child in element if _name(child.tag) == name]


class WordPressExport:
    def __init__(self, path):
        self.path = path
        self.authors = {}  # login -> Person
        self.attachments = {}  # post id -> (url, alt)
        self.count = 0
        for name, element in _elements(path, {"item", "wp:author"}):
            if name == "wp:author":
                login = _text(element, "wp:author_login")
                self.authors[login] = Person(
                    name=_text(element, "wp:author_display_name") or login,
                    email=_text(element, "wp:author_email"),
                    login=login,
                )
            elif _text(element, "wp:post_type") == "attachment":
                meta = _meta(element)
                url = _text(element, "wp:attachment_url") or _text(element, "guid")
                alt = meta.get("_wp_attachment_image_alt") or _text(element, "title")
                self.attachments[_text(element, "wp:post_id")] = (url, alt)
            elif _text(element, "wp:post_type") in KINDS:
                self.count += 1

    def entries(self):
        for _, element in _elements(self.path, {"item"}):
            if _text(element, "wp:post_type") in KINDS:
                try:
                    yield self.entry(element)
                except ValueError as exc:  # a comment's date, say: the item is reported
                    yield Invalid(_text(element, "wp:post_id"), _text(element, "title"), str(exc))

    def entry(self, item):
        key = _text(item, "wp:post_id")
        title = html_to_text(_text(item, "title"))
        wp_status = _text(item, "wp:status")
        if not key:
            return Invalid("", title, "the item has no wp:post_id")
        if wp_status not in STATUSES:
            return Invalid(key, title, f"status “{wp_status}” is not imported")
        try:
            published_at = _date(item, "wp:post_date_gmt", "wp:post_date")
        except ValueError as exc:
            return Invalid(key, title, str(exc))
        terms = {"category": [], "post_tag": []}
        for term in _children(item, "category"):
            terms.setdefault(term.get("domain", ""), []).append((term.text or "").strip())
        categories = [name for name in terms["category"] if name]
        cover_url, cover_alt = self.attachments.get(_meta(item).get("_thumbnail_id"), ("", ""))
        login = _text(item, "dc:creator")
        link = urlsplit(_text(item, "link"))
        return Entry(
            key=key,
            kind=KINDS[_text(item, "wp:post_type")],
            title=title,
            slug=unquote(_text(item, "wp:post_name")),
            body=html_to_markdown(_text(item, "content:encoded")),
            status=STATUSES[wp_status],
            published_at=published_at,
            summary=html_to_text(_text(item, "excerpt:encoded")),
            author=self.authors.get(login) or (Person(login=login) if login else None),
            category=categories[0] if categories else "",
            # Folio files an article under one category: the others become tags.
            tags=categories[1:] + [name for name in terms["post_tag"] if name],
            cover=cover_url,
            cover_alt=cover_alt,
            permalinks=[link.path] if link.path not in ("", "/") else [],
            comments=[
                _comment(element)
                for element in _children(item, "wp:comment")
                if _text(element, "wp:comment_type") in ("", "comment")
                and _text(element, "wp:comment_approved") in COMMENT_STATUSES
            ],
            comments_open=_text(item, "wp:comment_status") != "closed",
            notes=["private on WordPress: kept as a draft"] if wp_status == "private" else [],
        )


def _meta(item):
    return {
        _text(meta, "wp:meta_key"): _text(meta, "wp:meta_value")
        for meta in _children(item, "wp:postmeta")
    }


def _date(element, gmt_name, local_name):
    """The GMT time, else the site's local one read in our time zone; None when unset."""
    for name, tz in ((gmt_name, UTC), (local_name, None)):
        value = _text(element, name)
        if value and value != NO_DATE:
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
            except ValueError:
                raise ValueError(f"{name} “{value}” is not a date") from None
            return moment.replace(tzinfo=tz) if tz else timezone.make_aware(moment)
    return None


def _comment(element):
    return CommentEntry(
        key=_text(element, "wp:comment_id"),
        parent_key=""
        if _text(element, "wp:comment_parent") in ("", "0")
        else _text(element, "wp:comment_parent"),
        body=html_to_text(_text(element, "wp:comment_content")),
        created_at=_date(element, "wp:comment_date_gmt", "wp:comment_date"),
        person=Person(
            name=_text(element, "wp:comment_author"),
            email=_text(element, "wp:comment_author_email"),
        ),
        status=COMMENT_STATUSES[_text(element, "wp:comment_approved")],
    )
