from django import template

from core.avatars import avatar_html

register = template.Library()


@register.simple_tag
def avatar(person, size="small"):
    """{% avatar user "large" %}: core.avatars.avatar_html."""
    return avatar_html(person, size)
