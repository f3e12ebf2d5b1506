"""{% route "app:name" %}: the address of a URL name that takes no arguments, worked out once.

For such a name reverse() gives the same answer every time under the same script prefix, yet
{% url %} works it out again on every render (about 15 µs each). The header's account links
are rendered for every reader on every page, so they use this instead.
"""

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

_routes = {}
MAX_ROUTES = 256  # names come from templates, so there are a few dozen at most


@register.simple_tag
def route(name):
    key = (get_script_prefix(), name)
    url = _routes.get(key)
    if url is None:
        url = reverse(name)
        if len(_routes) >= MAX_ROUTES:
            _routes.clear()
        _routes[key] = url
    return url
