"""Template helpers for canonical links, social cards and structured data."""

from django import template

from core import seo

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """`path` (an absolute path such as a media or static URL) on the site's public address."""
    return seo.absolute(path)


@register.filter
def json_ld(data):
    """`data` as JSON safe to place inside <script type="application/ld+json">."""
    return seo.json_ld(data)
