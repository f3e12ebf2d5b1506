from django.utils.functional import SimpleLazyObject

from .models import Category


def navigation(request):
    """The header's categories (one query, only if a template renders them) and where the
    reader is among them: `nav_section` is "list" on the article list, "category" on a
    category page, whose slug is `nav_slug`."""
    match = request.resolver_match
    section = ""
    if match is not None and match.app_name == "blog" and match.url_name in ("list", "category"):
        section = match.url_name
    return {
        # Plain dicts: the header reads only these two (dict lookups are the templates' quickest).
        "nav_categories": SimpleLazyObject(lambda: list(Category.objects.values("name", "slug"))),
        "nav_section": section,
        "nav_slug": match.kwargs.get("slug", "") if section == "category" else "",
    }
