"""What search engines and link previews read: absolute URLs and JSON-LD structured data."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe

LOGO_PATH = "img/logo.png"
LOGO_SIZE = 512
HEADLINE_MAX = 110  # schema.org/Google: longer headlines are cut


# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the three characters that matter in HTML are escaped


def absolute(path):
    """`path` on the site's public address (SITE_URL), never on the request's Host header."""
    return f"{settings.SITE_URL}{path}"


def author_name(user):
    """The name shown for an author, from any user model."""
    return getattr(user, "public_name", "") or user.get_username()


def logo():
    return {
        "@type": "ImageObject",
        "url": absolute(static(LOGO_PATH)),
        "width": LOGO_SIZE,
        "height": LOGO_SIZE,
    }


def article_structured_data(article):
    """JSON-LD for an article page: an `Article` and its `BreadcrumbList`."""
    url = absolute(article.get_absolute_url())
    image = (
        {
            "@type": "ImageObject",
            "url": absolute(article.cover.url),
            "width": article.cover_width,
            "height": article.cover_height,
        }
        if article.cover
        else logo()
    )
    if article.author:
        author = {
            "@type": "Person",
            "name": author_name(article.author),
            "url": absolute(
                reverse("blog:author", kwargs={"username": article.author.get_username()})
            ),
        }
    else:
        author = {"@type": "Organization", "name": settings.SITE_NAME}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:HEADLINE_MAX],
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": image,
        "author": author,
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute(reverse("blog:home")),
            "logo": logo(),
        },
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    crumbs = [
        (settings.SITE_NAME, reverse("blog:home")),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
    return [data, breadcrumbs]
