"""Template helpers for canonical links, social cards and structured data."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from blog.seo import absolute

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def absolute_url(path):
    """`path` (an absolute path such as a media or static URL) on the site's public address."""
    return absolute(path)


@register.filter
def json_ld(data):
    """`data` as JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the three characters that matter in HTML are escaped
