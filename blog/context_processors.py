from django.conf import settings

from .models import Category


def site(request):
    """Site name and the header's category navigation (one query, run only if a template asks)."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_categories": Category.objects.only("name", "slug"),
    }
