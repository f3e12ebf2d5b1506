"""Work each server process would otherwise do on its first requests, done once before forking.

gunicorn (config/gunicorn.conf.py) calls `warm()` in its master process after loading the app
and before it starts any worker. Every worker, including each one that replaces another after
`max_requests`, then starts with the site's templates compiled (the cached template loader
keeps them), the URL resolver built and the cache client's modules imported, instead of
making its first readers wait for them.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db import connections
from django.template.loader import get_template
from django.urls import reverse


def warm():
    """Compile every template under templates/, build the URL resolver and import the Redis
    client; returns how many templates were compiled."""
    reverse("blog:home")  # the first reverse() builds the whole resolver
    root = settings.BASE_DIR / "templates"
    names = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    for name in names:
        get_template(name)
    if find_spec("redis"):
        import_module("redis")  # the cache client's modules take a while; no connection yet
    # No database connection made here may be shared with the forked workers.
    connections.close_all()
    return len(names)
