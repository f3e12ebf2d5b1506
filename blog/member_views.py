"""What a member does to articles, categories, tags and authors: save and follow them.

Both are POST forms that work without JavaScript (they redirect back to `next`); static/js/save.js
sends them with fetch instead and gets JSON back, so the page does not reload. Each form says
which state it asks for (`pressed`: "true" or "false"), so a double click, two requests one
after the other, ends in the state the member saw the button go to; without the field a press
toggles.
"""

from django.contrib.auth import get_user_model
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.permissions import member_required, verified_member_required

from .models import Article, Category
from .services import bookmark_toggle, follow_toggle


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
def follow(request, slug, taxonomy=Category):
    """Follow a category or a tag (`taxonomy` in urls.py; new articles there are e-mailed), or
    stop following it."""
    term = get_object_or_404(taxonomy, slug=slug)
    following = follow_toggle(user=request.user, target=term, on=_wanted(request))
    label = "Following" if following else "Follow"
    return _respond(request, fallback=term.get_absolute_url(), pressed=following, label=label)


@require_POST
@verified_member_required
def follow_author(request, username):
    """Follow an author with published articles (new ones are e-mailed), or stop following."""
    User = get_user_model()
    if "\x00" in username:  # no username has one, and PostgreSQL refuses to compare it
        raise Http404
    author = get_object_or_404(User, is_active=True, **{User.USERNAME_FIELD: username})
    if not Article.objects.published().filter(author=author).exists():
        raise Http404("No published articles by this author.")
    following = follow_toggle(user=request.user, target=author, on=_wanted(request))
    label = "Following" if following else "Follow"
    fallback = reverse("blog:author", kwargs={"username": username})
    return _respond(request, fallback=fallback, pressed=following, label=label)


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
