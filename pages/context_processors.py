from typing import NamedTuple

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from .models import Page


class FooterLink(NamedTuple):
    label: str
    url: str
    order: int


def footer_links():
    """The footer's links: pages marked for it and the fixed links, in the editors' order.

    One query. A fixed link whose URL name does not resolve (its app is not installed) is left
    out rather than breaking every page.
    """
    links = [
        FooterLink(page.title, page.get_absolute_url(), page.footer_order)
        for page in Page.objects.in_footer().only("title", "slug", "footer_order")
    ]
    for label, url_name, order in settings.FOLIO_FOOTER_FIXED:
        try:
            links.append(FooterLink(label, reverse(url_name), order))
        except NoReverseMatch:
            continue
    return sorted(links, key=lambda link: link.order)


def footer(request):
    """`footer_links`, read only if the footer's fragment is rendered, and `footer_current`,
    the address of the link to mark: set by the views the footer links to, so that other
    addresses (a 404 above all) share one footer fragment."""
    return {"footer_links": SimpleLazyObject(footer_links), "footer_current": ""}
