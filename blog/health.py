"""/healthz for load balancers: proves the process answers, without the database or a session."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """Reads nothing (no database, no session, no cache) and renders the two bytes "ok"."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
