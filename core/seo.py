"""What search engines and link previews read: absolute URLs and JSON-LD structured data."""

import json
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import mark_safe

LOGO_PATH = "img/logo.png"
LOGO_SIZE = 512


# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the three characters that matter in HTML are escaped


def on_site_url(view):
    """`view`, answering as if the request had come to SITE_URL: for Django's views that write
    absolute addresses from the request's host (the sitemaps), whose answers the page cache
    keeps for readers of every host and port."""
    site = urlsplit(settings.SITE_URL)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.get_host = lambda: site.netloc
        request.environ["wsgi.url_scheme"] = site.scheme
        return view(request, *args, **kwargs)

    return wrapper


def absolute(path):
    """`path` on the site's public address (SITE_URL), never on the request's Host header."""
    return f"{settings.SITE_URL}{path}"


def author_name(user):
    """The name shown for an author, from any user model."""
    return getattr(user, "public_name", "") or user.get_username()


def logo():
    return {
        "@type": "ImageObject",
        "url": absolute(static(LOGO_PATH)),
        "width": LOGO_SIZE,
        "height": LOGO_SIZE,
    }
