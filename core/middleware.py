"""Site-wide middleware: the Permissions-Policy header, the 405 page and request body limits.

Permissions-Policy is one fixed header string (settings.PERMISSIONS_POLICY), a few lines that do
not need a library. The 405 page fills in what Django leaves out: generic views and
`require_http_methods` answer a wrong method with an empty HttpResponseNotAllowed, and Django has
no template hook for that status. Django limits the non-file part of a body
(DATA_UPLOAD_MAX_MEMORY_SIZE) but reads any amount of file data, to disk past
FILE_UPLOAD_MAX_MEMORY_SIZE: RequestBodyLimitMiddleware refuses a large body before that.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


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


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than its sender may send, from its Content-Length, before
    anything reads it (CSRF checks and forms read it; the multipart parser writes file parts to
    disk). Signed-in users may send REQUEST_BODY_MAX_BYTES (an image upload of up to
    core.images.MAX_BYTES with its form: avatars, covers, editor images); anyone else
    ANONYMOUS_REQUEST_BODY_MAX_BYTES, which their forms never need and which keeps their bodies
    in memory. 413 past the limit; 411 for a chunked body without a length, which Django would
    not read; 400 for a malformed length. After AuthenticationMiddleware (request.user), before
    any view or process_view reads the body. nginx's client_max_body_size (deploy/nginx/) is the
    same REQUEST_BODY_MAX_BYTES, so a larger body never reaches a worker at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        declared = request.META.get("CONTENT_LENGTH", "").strip()
        if not declared:
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return _plain("Send the request with a Content-Length header.", 411)
            return None  # no body: Django reads nothing without a length
        if not declared.isdigit():
            return _plain("The Content-Length header is malformed.", 400)
        if request.user.is_authenticated:
            limit = settings.REQUEST_BODY_MAX_BYTES
        else:
            limit = settings.ANONYMOUS_REQUEST_BODY_MAX_BYTES
        if int(declared) > limit:
            message = f"The request is too large: at most {filesizeformat(limit)} can be sent here."
            return _plain(message, 413)
        return None


def _plain(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
