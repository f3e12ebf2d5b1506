"""/healthz for load balancers' liveness checks, /readyz for their readiness checks."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _plain(text, status=200):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _get_or_head_only(request):
    """A wrong method gets a plain-text 405: the site's 405 page would read the database."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(
            ["GET", "HEAD"], content="GET or HEAD only\n", content_type="text/plain; charset=utf-8"
        )
    return None


@never_cache
def healthz(request):
    """Reads nothing (no database, no session, no cache) and renders the two bytes "ok": the
    process answers. Restart it when this fails."""
    return _get_or_head_only(request) or _plain("ok")


@never_cache
def readyz(request):
    """200 "ready" when the database answers a query and the cache stores and returns a value;
    otherwise 503 naming what failed. Send no traffic here while it fails (the process is fine:
    do not restart it for this)."""
    refused = _get_or_head_only(request)
    if refused:
        return refused
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Not ready: the database does not answer (%s).", error)
        failed.append("database")
    probe = f"folio:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, 1, 10)
        stored = cache.get(probe) == 1
        cache.delete(probe)
    except Exception as error:  # noqa: BLE001 - any backend's failure means not ready
        logger.warning("Not ready: the cache does not answer (%s).", error)
        stored = False
    if not stored:
        failed.append("cache")
    if failed:
        return _plain(f"not ready: {', '.join(failed)}\n", status=503)
    return _plain("ready")
