"""Last-Modified for pages, so ConditionalGetMiddleware can answer If-Modified-Since with 304.

ConditionalGetMiddleware already adds an ETag from the content and answers If-None-Match; a
view only has to say when its content last changed:

- class-based views: put `LastModifiedMixin` before the generic view; it reads the newest
  `updated_at` of `object` (detail views) or of `object_list` (list views, the page shown);
- anything else: `set_last_modified(response, datetimes)`;
- feeds built on django.contrib.syndication need nothing: `Feed` sets Last-Modified from the
  newest item's `item_updateddate`/`item_pubdate`.
"""

from django.utils.http import http_date


def set_last_modified(response, datetimes):
    """Send the newest of `datetimes` (None values ignored) as Last-Modified; none, no header."""
    newest = max((moment for moment in datetimes if moment is not None), default=None)
    if newest is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


class LastModifiedMixin:
    """Last-Modified from the objects the page shows, read from the list it has already fetched."""

    last_modified_field = "updated_at"

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("object") is not None:
            shown = [context["object"]]
        else:
            # The same queryset the template iterates: evaluating it here fills its result
            # cache, so the page makes no extra query.
            shown = context.get("object_list") or ()
        return set_last_modified(
            response, (getattr(item, self.last_modified_field) for item in shown)
        )
