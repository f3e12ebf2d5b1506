"""Error views Django lets a project replace; the others are plain templates (400, 403, 404,
405, 500.html)."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

# What Django raises when the database cannot be reached or is refusing work for now (down,
# restarting, out of connections, a lock or statement timeout): trying again later helps.
UNAVAILABLE = (OperationalError, InterfaceError)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the 403 page, saying why a form was refused and how to send it again.

    Django's `reason` is for developers and is not shown; the page explains the usual causes.
    """
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def server_error(request):
    """handler500: the static 500 page, or, when the error being handled is the database being
    unavailable, the static 503 page with Retry-After (RETRY_AFTER_SECONDS).

    Errors in middleware (a session read, say) reach this view too. Neither page reads the
    database or the request: they show whatever has failed.
    """
    if not isinstance(sys.exc_info()[1], UNAVAILABLE):
        return defaults.server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
