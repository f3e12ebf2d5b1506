"""Site-wide middleware: the Permissions-Policy header and the 405 page.

Permissions-Policy is one fixed header string (settings.PERMISSIONS_POLICY), a few lines that do
not need a library. The 405 page fills in what Django leaves out: generic views and
`require_http_methods` answer a wrong method with an empty HttpResponseNotAllowed, and Django has
no template hook for that status.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class MethodNotAllowedPageMiddleware:
    """Render templates/405.html for an empty 405, keeping its status and Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            allowed = response["Allow"]
            methods = [method.strip() for method in allowed.split(",") if method.strip()]
            page = render(request, "405.html", {"allowed_methods": methods}, status=405)
            page["Allow"] = allowed
            return page
        return response
