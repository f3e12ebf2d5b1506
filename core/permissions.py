"""Who may do what a member does (signed in, and for some things a confirmed e-mail address),
and who may read unpublished content at its public address."""

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


# The Editors' permission (blog/migrations/0002_editorial_roles): who may publish anyone's
# work may also read anyone's unpublished work. A string, so core imports no app.
EDITOR_PERMISSION = "blog.publish_article"


def is_editor(user):
    """Staff holding the Editors' permission (superusers hold every permission)."""
    return user.is_active and user.is_staff and user.has_perm(EDITOR_PERMISSION)


def visible_to(queryset, user, *, author_field=None):
    """The rule for unpublished content at public addresses, for every model that has some.

    Everyone sees `queryset.published()`. Editors and superusers also see what is not
    published yet (a preview of what they may publish); the author of an unpublished row, if
    the model names one in `author_field` and they are still on the staff, sees their own.
    Every other account, other staff included, gets what a visitor gets (404 on a detail).
    """
    if is_editor(user):
        return queryset.all()
    published = queryset.published()
    if author_field and user.is_active and user.is_staff:
        return published | queryset.filter(**{author_field: user})
    return published


def _return_path(request):
    """Where to come back after signing in: the page a POST came from, not the POST's URL."""
    if request.method == "POST":
        return request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    return request.get_full_path()
