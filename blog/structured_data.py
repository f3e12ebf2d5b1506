"""JSON-LD for article, author and people pages (escaped for <script> by core.seo.json_ld).

An article with a medical review is an `Article` (headline, author, dates, `citation`) that is
the `mainEntity` of a `MedicalWebPage` carrying `reviewedBy` and `lastReviewed`: schema.org
defines those two on WebPage, not on Article, and keeping the Article keeps the page what
search engines read as an article.
"""

from django.conf import settings
from django.urls import reverse

from core.seo import absolute, author_name, logo

from .health import cited_references

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
        author = author_person(article.author)
    else:
        author = {"@type": "Organization", "name": settings.SITE_NAME}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": f"{url}#article",
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
    citations = [reference_work(reference) for reference in cited_references(article)]
    if citations:
        data["citation"] = citations
    if article.reviewer_id and article.last_reviewed_on:
        data["mainEntityOfPage"] = {
            "@type": "MedicalWebPage",
            "@id": url,
            "reviewedBy": person(article.reviewer),
            "lastReviewed": article.last_reviewed_on.isoformat(),
            "mainEntity": {"@id": f"{url}#article"},
        }
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


def person(profile, *, url=None):
    """A `Person` from a blog.Person: name, credentials, job title, page, links elsewhere."""
    data = {
        "@type": "Person",
        "name": profile.name,
        "url": url or absolute(profile.get_absolute_url()),
    }
    if profile.job_title:
        data["jobTitle"] = profile.job_title
    if profile.credentials:
        data["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "name": profile.credentials,
        }
    links = profile.same_as_links
    if links:
        data["sameAs"] = links
    return data


def author_person(user):
    """An author as a `Person`, with the credentials of their profile when they have one."""
    url = absolute(reverse("blog:author", kwargs={"username": user.get_username()}))
    profile = getattr(user, "health_profile", None)
    if profile is None:
        return {"@type": "Person", "name": author_name(user), "url": url}
    return {**person(profile, url=url), "name": author_name(user)}


def reference_work(reference):
    """A reference as a `CreativeWork` (schema.org's `citation` takes one): its title and
    where to read it; the page's list carries the rest (each byte here is on every view)."""
    data = {"@type": "CreativeWork", "name": reference.title}
    if reference.link:
        data["url"] = reference.link
    return data


def profile_page(entity, url):
    """A `ProfilePage` about `entity` (a Person dict) at `url`."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": entity,
    }


def person_structured_data(profile):
    """JSON-LD for a /people/<slug>/ page."""
    return profile_page(person(profile), absolute(profile.get_absolute_url()))


def author_structured_data(user):
    """JSON-LD for an /authors/<username>/ page."""
    entity = author_person(user)
    return profile_page(entity, entity["url"])
