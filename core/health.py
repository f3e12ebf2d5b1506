"""/healthz for load balancers: proves the process answers, without the database or a session."""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Reads nothing (no database, no session, no cache) and renders the two bytes "ok".

    A wrong method gets a plain-text 405 too: the site's 405 page would read the database.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(
            ["GET", "HEAD"], content="GET or HEAD only\n", content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
