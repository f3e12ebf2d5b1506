"""RSS 2.0 and Atom feeds of published articles: the whole site, one category or tag, or one
author.

Each entry carries the title, link, summary, the full sanitised body (RSS <content:encoded>,
Atom <content>) with its correction notes before it and its numbered references after it, the
author's name, publish and update times (a note or a review updates the article), and the
category and tags.
"""

import re
import uuid
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.context_processors import SITE_DESCRIPTION
from core.seo import absolute, author_name

from .health import cited_references, notes
from .models import Article

FEED_LENGTH = 20
# Root-relative links and images in the body (/media/…) must name the host in a feed reader.
_ROOT_RELATIVE = re.compile(r'\b((?:src|href)=")/(?!/)')
_FRAGMENT = re.compile(r'\bhref="#')
_GUID_NAMESPACE = uuid.UUID("6f1b1e0a-3c55-4c1e-9d58-8a4f2a7e5b10")


# XML 1.0 has no place for these; Django refuses to write them, which would fail the whole feed
# because of one title or summary that carries one (pasted text can).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value):
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_text(item) for item in value]
    return value


class XmlTextMixin:
    """Drops the characters XML cannot hold from every text of the feed and its items."""

    def __init__(self, *args, **kwargs):
        args = [_xml_text(arg) for arg in args]
        super().__init__(*args, **{key: _xml_text(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        args = [_xml_text(arg) for arg in args]
        super().add_item(*args, **{key: _xml_text(value) for key, value in kwargs.items()})


class ContentRssFeed(XmlTextMixin, Rss201rev2Feed):
    """RSS 2.0 with the full article in <content:encoded>."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(XmlTextMixin, Atom1Feed):
    """Atom with the full article in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Scope:
    """What one request's feed covers; built per request so the Feed instance stays shared."""

    request: HttpRequest
    title: str
    description: str
    link: str
    articles: QuerySet


class ArticlesRss(Feed):
    """/feeds/rss/: the newest published articles."""

    feed_type = ContentRssFeed

    def get_object(self, request, *args, **kwargs):
        return Scope(
            request=request,
            title=settings.SITE_NAME,
            description=SITE_DESCRIPTION.format(site_name=settings.SITE_NAME),
            link=reverse("blog:home"),
            articles=Article.objects.published(),
        )

    def title(self, scope):
        return scope.title

    def description(self, scope):
        return scope.description

    def subtitle(self, scope):
        return scope.description

    # Every address in a feed is on SITE_URL, never on the request's host: a feed is kept in
    # the page cache and served to readers who asked for it at another host or port.
    def link(self, scope):
        return absolute(scope.link)

    def feed_url(self, scope):
        return absolute(scope.request.path)

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def items(self, scope):
        articles = list(scope.articles.for_detail().with_health()[:FEED_LENGTH])
        for article in articles:
            content = render_to_string(
                "blog/includes/feed_content.html",
                {
                    "article": article,
                    "notes": notes(article),
                    "references": cited_references(article),
                },
            )
            content = _ROOT_RELATIVE.sub(rf"\g<1>{absolute('/')}", content)
            article.feed_content = _FRAGMENT.sub(
                f'href="{absolute(article.get_absolute_url())}#', content
            )
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Readers take an RSS description and an Atom summary as HTML; the summary is text.
        return escape(article.summary)

    def item_extra_kwargs(self, article):
        return {"content": article.feed_content}

    def item_guid(self, article):
        # Stable across slug changes, so readers do not see a renamed article as new.
        return f"urn:uuid:{uuid.uuid5(_GUID_NAMESPACE, str(article.pk))}"

    item_guid_is_permalink = False

    def item_author_name(self, article):
        return author_name(article.author) if article.author else None

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [article.category.name, *(tag.name for tag in article.tags.all())]


class ArticlesAtom(ArticlesRss):
    """/feeds/atom/"""

    feed_type = ContentAtomFeed


class TaxonomyRss(ArticlesRss):
    """/category/<slug>/feed/rss/ and /tag/<slug>/feed/rss/: the term's newest published
    articles (`taxonomy` is Category or Tag)."""

    def __init__(self, taxonomy):
        super().__init__()
        self.taxonomy = taxonomy

    def get_object(self, request, slug):
        term = get_object_or_404(self.taxonomy, slug=slug)
        return Scope(
            request=request,
            title=f"{term.heading} · {settings.SITE_NAME}",
            description=term.blurb,
            link=term.get_absolute_url(),
            articles=Article.objects.published().filter(**{self.taxonomy.article_field: term}),
        )


class TaxonomyAtom(TaxonomyRss):
    feed_type = ContentAtomFeed


class AuthorRss(ArticlesRss):
    """/authors/<username>/feed/rss/: the author's newest published articles; 404 for anyone
    without one (like the author's page)."""

    def get_object(self, request, username):
        User = get_user_model()
        if "\x00" in username:  # no username has one, and PostgreSQL refuses to compare it
            raise Http404
        author = get_object_or_404(User, is_active=True, **{User.USERNAME_FIELD: username})
        articles = Article.objects.published().filter(author=author)
        if not articles.exists():
            raise Http404("No published articles by this author.")
        name = author_name(author)
        return Scope(
            request=request,
            title=f"Articles by {name} · {settings.SITE_NAME}",
            description=f"Articles written by {name} for {settings.SITE_NAME}.",
            link=reverse("blog:author", kwargs={"username": username}),
            articles=articles,
        )


class AuthorAtom(AuthorRss):
    feed_type = ContentAtomFeed
