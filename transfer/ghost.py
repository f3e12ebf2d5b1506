"""Ghost's export (Settings → Advanced → Export content: one JSON document) read as a stream.

A post names its tags, authors and image descriptions by id, in arrays of their own that may
come before or after the posts. ijson reads the file twice without ever holding it whole: once
for those small arrays (ids, names, e-mails, alt texts) and the number of posts, then the posts
one at a time. Ghost 5 exports wrap everything in {"db": [{"meta", "data"}]}; older ones have
{"meta", "data"} at the top: both are read.
"""

from collections import defaultdict

import ijson
from ijson.common import ObjectBuilder

from .entries import Entry, Invalid, Person, aware_datetime
from .html import html_to_markdown, html_to_text

PREFIXES = ("db.item.data", "data")
SMALL = ("users", "tags", "posts_tags", "posts_authors", "posts_meta")
STATUSES = {"published": "published", "scheduled": "published", "draft": "draft"}
GHOST_URL = "__GHOST_URL__"  # how Ghost 5 writes its own address in exported HTML and images


def _read_small_arrays(path):
    """One pass: the items of the SMALL arrays, the data prefix used, and how many posts."""
    wanted = {f"{prefix}.{name}.item": (prefix, name) for prefix in PREFIXES for name in SMALL}
    posts = {f"{prefix}.posts.item": prefix for prefix in PREFIXES}
    found, prefix, count = defaultdict(list), None, 0
    with open(path, "rb") as file:
        events = ijson.parse(file, use_float=True)
        for current, event, value in events:
            if event != "start_map":
                continue
            if current in posts:
                prefix, count = posts[current], count + 1
            elif current in wanted:
                prefix, name = wanted[current]
                builder = ObjectBuilder()
                while (current, event) != (f"{prefix}.{name}.item", "end_map"):
                    builder.event(event, value)
                    current, event, value = next(events)
                found[name].append(builder.value)
    return found, prefix, count


class GhostExport:
    def __init__(self, path):
        self.path = path
        found, self.prefix, self.count = _read_small_arrays(path)
        if self.prefix is None:
            raise ValueError("no posts found: is this a Ghost content export?")
        self.users = {user["id"]: user for user in found["users"]}
        tags = {tag["id"]: tag for tag in found["tags"]}
        self.alt = {
            meta["post_id"]: meta.get("feature_image_alt") or "" for meta in found["posts_meta"]
        }
        self.tags = defaultdict(list)  # post id -> tags, primary first
        for link in sorted(found["posts_tags"], key=lambda link: link.get("sort_order") or 0):
            tag = tags.get(link["tag_id"])
            # "#name" tags are Ghost's internal ones, for theming: never shown to readers.
            if (
                tag
                and tag.get("visibility", "public") == "public"
                and not tag["name"].startswith("#")
            ):
                self.tags[link["post_id"]].append(tag["name"])
        self.authors = {}  # post id -> primary author
        for link in sorted(found["posts_authors"], key=lambda link: link.get("sort_order") or 0):
            self.authors.setdefault(link["post_id"], self.users.get(link["author_id"]))

    def entries(self):
        with open(self.path, "rb") as file:
            for post in ijson.items(file, f"{self.prefix}.posts.item", use_float=True):
                try:
                    yield self.entry(post)
                except (AttributeError, KeyError, TypeError, ValueError) as exc:
                    # a field of an unexpected type: this post is reported, the rest go on
                    key, title = str(post.get("id", "")), str(post.get("title", ""))
                    yield Invalid(key, title, f"unexpected data: {exc!r}")

    def entry(self, post):
        key, title = str(post.get("id") or ""), str(post.get("title") or "")
        if not key:
            return Invalid("", title, "the post has no id")
        status = STATUSES.get(post.get("status"))
        if status is None:
            return Invalid(key, title, f"status “{post.get('status')}” is not imported")
        published_at = aware_datetime(post.get("published_at"))
        if post.get("published_at") and published_at is None:
            return Invalid(key, title, f"published_at “{post['published_at']}” is not a date")
        notes = []
        visibility = post.get("visibility") or "public"
        if visibility != "public" and status == "published":
            # Folio has no members-only articles: kept as a draft rather than given away.
            status = "draft"
            notes.append(f"for {visibility} members on Ghost: kept as a draft")
        html = (post.get("html") or "").replace(GHOST_URL, "")
        body = html_to_markdown(html) if html else str(post.get("plaintext") or "")
        names = self.tags.get(key, [])
        author = self.authors.get(key)
        return Entry(
            key=key,
            kind="page" if post.get("type") == "page" else "article",
            title=title,
            slug=str(post.get("slug") or ""),
            body=body,
            status=status,
            published_at=published_at,
            summary=html_to_text(post.get("custom_excerpt") or ""),
            author=Person(
                name=author.get("name") or "",
                email=author.get("email") or "",
                login=author.get("slug") or "",
            )
            if author
            else None,
            category=names[0] if names else "",
            tags=names[1:],
            cover=(post.get("feature_image") or "").replace(GHOST_URL, ""),
            cover_alt=self.alt.get(key, ""),
            # Ghost's default routes: /<slug>/ for posts and pages alike.
            permalinks=[f"/{post['slug']}/"] if post.get("slug") else [],
            notes=notes,
        )
