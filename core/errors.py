"""Error views Django lets a project replace; the others are plain templates (400, 403, 404,
405, 500.html)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the 403 page, saying why a form was refused and how to send it again.

    Django's `reason` is for developers and is not shown; the page explains the usual causes.
    """
    return render(request, "403.html", {"csrf_failure": True}, status=403)
