"""Who may do what a member does: signed in, and for some things a confirmed e-mail address."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


def member_required(view):
    """Let through signed-in members; send visitors to sign in and back to the page they were on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(_return_path(request))
        return view(request, *args, **kwargs)

    return wrapper


def verified_member_required(view):
    """Let through only signed-in members whose e-mail address is confirmed.

    Visitors are sent to sign in (and back afterwards); members who have not confirmed their
    address get a 403 page telling them how to do it. Use it on anything that e-mails a member
    or shows what they write to others.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(_return_path(request))
        if not getattr(user, "is_verified", False):
            return render(request, "verified_required.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _return_path(request):
    """Where to come back after signing in: the page a POST came from, not the POST's URL."""
    if request.method == "POST":
        return request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    return request.get_full_path()
