from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .cache import versioned
from .models import Category
from .seo import absolute


def nav_categories():
    """The header's categories, each with its `url` worked out once for as long as it is kept."""
    categories = list(Category.objects.only("name", "slug"))
    for category in categories:
        category.url = category.get_absolute_url()
    return categories


def site(request):
    """Site name and the header's categories: read only if a template asks, and then from the
    cache until a category changes (see blog.cache.versioned)."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": SimpleLazyObject(
            lambda: versioned("nav-categories", nav_categories, model=Category)
        ),
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
