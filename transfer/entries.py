"""What every reader of an export produces, whatever the format: plain data, nothing stored.

The readers (wordpress.py, ghost.py, markdown_files.py) turn their format into these; the
importer (importing.py) stores them. `checksum` is what makes re-runs cheap: an item whose
checksum did not change since the last import is skipped.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


@dataclass
class Person:
    """An author or commenter as the export names them; e-mail is what matches a member."""

    name: str = ""
    email: str = ""
    login: str = ""


@dataclass
class CommentEntry:
    key: str
    body: str
    created_at: datetime | None
    person: Person
    parent_key: str = ""
    # "visible" (approved), "pending" (held), "spam" or "hidden" (trash)
    status: str = "visible"


@dataclass
class Entry:
    """One post or page. `body` is Markdown; readers of HTML exports convert it first."""

    key: str
    kind: str  # "article" or "page"
    title: str
    slug: str
    body: str
    status: str = "draft"  # an Article.Status value; pages: "published" or not
    published_at: datetime | None = None
    summary: str = ""
    author: Person | None = None
    category: str = ""
    tags: list[str] = field(default_factory=list)
    cover: str = ""  # a URL or a path in the media folder
    cover_alt: str = ""
    permalinks: list[str] = field(default_factory=list)  # old paths: "/2019/03/hello/"
    comments: list[CommentEntry] = field(default_factory=list)
    comments_open: bool = True
    # Where relative image paths in the body and cover are read from (Markdown files).
    base_dir: str = ""
    notes: list[str] = field(default_factory=list)  # for the report: "kept as a draft because…"

    @property
    def checksum(self):
        data = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


@dataclass
class Invalid:
    """An item the reader could not make sense of: reported as failed, nothing stored."""

    key: str
    title: str
    reason: str


def aware_datetime(value):
    """A datetime, date or ISO 8601 text as an aware datetime (naive ones in TIME_ZONE);
    None when empty or not a date."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)  # noqa: DTZ001 (made aware below)
    elif value:
        text = str(value).strip()
        try:
            moment = parse_datetime(text)
            if moment is None and (day := parse_date(text)) is not None:
                moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001
        except ValueError:  # well-formed but impossible, such as 2019-02-30
            return None
    else:
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
