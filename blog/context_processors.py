from django.utils.functional import SimpleLazyObject

from .models import Category


def navigation(request):
    """The header's categories, read (one query) only if the header's fragment is rendered.

    Where the reader is among them comes from the views that know it exists (`nav_section`
    "list" on the article list, "category" with `nav_slug` on a category's page), so that an
    address that is a 404 marks nothing and keys no fragment of its own.
    """
    return {
        "nav_categories": SimpleLazyObject(lambda: list(Category.objects.values("name", "slug"))),
        "nav_section": "",
        "nav_slug": "",
    }
