from django.conf import settings

from .cache import cache_seconds, read_version
from .seo import absolute

SITE_DESCRIPTION = (
    "{site_name} publishes clear, careful articles on pain, the nervous system, movement and "
    "traditional medicine."
)


def site(request):
    """The site's name and blurb, the page's canonical address, and what `{% cache %}`
    fragments are keyed and timed on.

    SITE_NAME is upper case so that no view's context can replace it (Django's sign-in view
    sets `site_name` from the request's host). Only the path is read: error pages render this
    too, for requests whose query string is the very thing that was wrong. The two cache
    values are callables, so a page that keeps no fragment never reads them.
    """
    return {
        "SITE_NAME": settings.SITE_NAME,
        "site_description": SITE_DESCRIPTION.format(site_name=settings.SITE_NAME),
        "canonical_url": absolute(request.path),
        "content_version": lambda: getattr(read_version(request), "value", None),
        "cache_seconds": lambda: cache_seconds(read_version(request)),
    }
