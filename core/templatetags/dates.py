"""The one way a date is shown: {% time moment %} gives

    <time datetime="2026-12-01T09:30:00+0000">1 December 2026</time>

and {% time moment with_time=True %} adds ", 09:30". In the site's time zone (TIME_ZONE)."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(name="time")
def time_element(moment, with_time=False):
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    shown = f"{local.day} {local:%B %Y}" + (f", {local:%H:%M}" if with_time else "")
    # Digits and month names only: nothing to escape.
    return mark_safe(f'<time datetime="{local:%Y-%m-%dT%H:%M:%S%z}">{shown}</time>')  # noqa: S308
