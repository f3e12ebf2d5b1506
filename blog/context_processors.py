from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .cache import versioned
from .models import Category


def nav_categories():
    return list(Category.objects.only("name", "slug"))


def site(request):
    """Site name and the header's categories: read only if a template asks, and then from the
    cache until the content changes (see blog.cache.versioned)."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": SimpleLazyObject(lambda: versioned("nav-categories", nav_categories)),
    }
