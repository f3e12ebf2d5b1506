"""A test-only URLconf: the site's own URLs plus views that fail in each way a view can."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def broken(request):
    raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


urlpatterns = [
    path("test-errors/broken/", broken),
    path("test-errors/forbidden/", forbidden),
    path("test-errors/suspicious/", suspicious),
    path("", include("config.urls")),
]
