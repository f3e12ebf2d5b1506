from django.conf import settings

from .models import Category


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
    """The page's canonical address (its path, plus ?page= past the first) and site blurb."""
    canonical_url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        canonical_url += f"?page={int(page)}"
    return {
        "canonical_url": canonical_url,
        "site_description": SITE_DESCRIPTION.format(site_name=settings.SITE_NAME),
    }
