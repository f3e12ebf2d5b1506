from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .cache import versioned
from .models import Category
from .seo import absolute


def nav_categories():
    """The header's categories, each with its `url` worked out once for as long as it is kept,
    and its `nav_key`, what `nav_current` is on its page."""
    categories = list(Category.objects.only("name", "slug"))
    for category in categories:
        category.url = category.get_absolute_url()
        category.nav_key = f"category:{category.slug}"
    return categories


def nav_current(request, categories):
    """The header's current section: "list" on the article list, "category:<slug>" on the page
    of a category the header links to, "-" anywhere else.

    The header's navigation is shared per value ({% shared "site-nav" nav_current %}), so it
    takes only as many values as there are sections: a made-up category address (a 404) is
    "-", not a new one.
    """
    match = request.resolver_match
    if match is None or match.app_name != "blog":
        return "-"
    if match.url_name == "list":
        return "list"
    if match.url_name == "category":
        key = f"category:{match.kwargs.get('slug')}"
        if any(category.nav_key == key for category in categories):
            return key
    return "-"


def site(request):
    """Site name, the header's categories and its current section: read only if a template
    asks, and then from the cache until a category changes (see blog.cache.versioned)."""
    categories = SimpleLazyObject(
        lambda: versioned("header-categories", nav_categories, model=Category)
    )
    return {
        "site_name": settings.SITE_NAME,
        "search_query": "",  # the header's search box; the search page gives its words
        "nav_categories": categories,
        "nav_current": SimpleLazyObject(lambda: nav_current(request, categories)),
    }


SITE_DESCRIPTION = (
    "{site_name} publishes clear, careful articles on pain, the nervous system, movement and "
    "traditional medicine."
)


def seo(request):
    """The page's canonical address and the site blurb.

    Only the path is read: error pages render this too, for requests whose query string is
    the very thing that was wrong. Lists add ?page= past the first in base.html.
    """
    return {
        "canonical_url": absolute(request.path),
        "site_description": SITE_DESCRIPTION.format(site_name=settings.SITE_NAME),
    }
