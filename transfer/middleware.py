"""Old permalinks of an imported blog: a path nothing else answers, and that an import stored,
gets a 301 to where the article or page lives now (like django.contrib.redirects' fallback, but
pointing at the object, so a later change of slug is followed)."""

from django.http import HttpResponsePermanentRedirect

from blog.models import Article
from pages.models import Page

from .models import Permalink


class PermalinkRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = permalink_target(request.path, user=request.user)
        if target is None:
            return response
        return HttpResponsePermanentRedirect(target.get_absolute_url())


def permalink_target(path, *, user):
    """The article or page that `path` used to show, when `user` may see it now; else None."""
    if "\x00" in path or len(path) > Permalink._meta.get_field("path").max_length:
        return None  # no stored address has either (and PostgreSQL refuses to compare a NUL)
    permalink = Permalink.objects.filter(path=path).only("article_id", "page_id").first()
    if permalink is None:
        return None
    if permalink.article_id:
        return Article.objects.visible_to(user).filter(pk=permalink.article_id).first()
    return Page.objects.visible_to(user).filter(pk=permalink.page_id).first()
