"""What a member does to articles and categories: save them and follow them.

Both are POST forms that work without JavaScript (they redirect back to `next`); static/js/save.js
sends them with fetch instead and gets JSON back, so the page does not reload. Each form says
which state it asks for (`pressed`: "true" or "false"), so a double click, two requests one
after the other, ends in the state the member saw the button go to; without the field a press
toggles.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.permissions import member_required, verified_member_required

from .models import Article, Category
from .services import bookmark_toggle, category_follow_toggle


@require_POST
@member_required
def save(request, slug):
    """Save a published article to the member's "Saved articles", or remove it from there."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    saved = bookmark_toggle(user=request.user, article=article, on=_wanted(request))
    label = "Saved" if saved else "Save"
    return _respond(request, fallback=article.get_absolute_url(), pressed=saved, label=label)


@require_POST
@verified_member_required
def follow(request, slug):
    """Follow a category (new articles in it are e-mailed), or stop following it."""
    category = get_object_or_404(Category, slug=slug)
    following = category_follow_toggle(user=request.user, category=category, on=_wanted(request))
    label = "Following" if following else "Follow"
    return _respond(request, fallback=category.get_absolute_url(), pressed=following, label=label)


def _wanted(request):
    """The state the form asks for: True, False, or None (toggle) when it does not say."""
    return {"true": True, "false": False}.get(request.POST.get("pressed", ""))


def _respond(request, *, fallback, pressed, label):
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"pressed": pressed, "label": label})
    return redirect(safe_next(request, fallback))


def safe_next(request, fallback):
    """The `next` the form sent if it points into this site, otherwise `fallback`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
