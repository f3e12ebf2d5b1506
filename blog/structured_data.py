"""JSON-LD for an article page (escaped for <script> by core.seo.json_ld)."""

from django.conf import settings
from django.urls import reverse

from core.seo import absolute, author_name, logo

HEADLINE_MAX = 110  # schema.org/Google: longer headlines are cut


def article_structured_data(article, *, tags):
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
        "keywords": [tag["name"] for tag in tags],
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
