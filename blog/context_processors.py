from django.conf import settings

from .models import Category
from .seo import absolute


def site(request):
    """Site name and the header's category navigation (one query, run only if a template asks)."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": Category.objects.only("name", "slug"),
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
