"""Writes with more than one step or a rule to enforce: publishing and unpublishing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Article

PUBLISH_PERMISSION = "blog.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


@transaction.atomic
def article_publish(*, articles, by, at=None):
    """Publish `articles` at `at` (now by default; a future time schedules them).

    An article keeps its original publish time when it is already public, so re-publishing
    does not move it to the top of the home page. Returns how many changed.
    """
    if not can_publish(by):
        raise PermissionDenied("Only editors can publish articles.")
    now = timezone.now()
    changed = 0
    for article in articles.select_for_update(of=("self",)):
        if article.is_public and at is None:
            continue
        article.status = Article.Status.PUBLISHED
        article.published_at = at or now
        article.full_clean()
        article.save()
        changed += 1
    return changed


@transaction.atomic
def article_unpublish(*, articles, by):
    """Take `articles` back to draft; readers get 404 from the next request. Returns the count."""
    if not can_publish(by):
        raise PermissionDenied("Only editors can unpublish articles.")
    changed = 0
    for article in articles.exclude(status=Article.Status.DRAFT).select_for_update(of=("self",)):
        article.status = Article.Status.DRAFT
        article.save()
        changed += 1
    return changed
