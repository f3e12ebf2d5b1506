"""Writes with more than one step or a rule to enforce: publishing and unpublishing, saving
articles and following categories, and what a member's data export and erasure cover in blog."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .comments import member_comments_data, member_comments_erase
from .models import Article, Bookmark, CategoryFollow

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


def bookmark_toggle(*, user, article):
    """Save `article` for `user`, or unsave it if it was saved. Returns True if now saved."""
    return _toggle(Bookmark, user=user, article=article)


def category_follow_toggle(*, user, category):
    """Follow `category`, or stop following it. Returns True if now following."""
    return _toggle(CategoryFollow, user=user, category=category)


@transaction.atomic
def _toggle(model, **fields):
    """Delete the member's row if it exists, else create it; True if it exists now."""
    deleted, _ = model.objects.filter(**fields).delete()
    if deleted:
        return False
    row = model(**fields)
    row.full_clean()
    row.save()
    return True


def member_data(user):
    """Everything blog stores about a member, for the "Download my data" file."""
    bookmarks = Bookmark.objects.filter(user=user).select_related("article")
    follows = CategoryFollow.objects.filter(user=user).select_related("category")
    return {
        "saved_articles": [
            {
                "title": bookmark.article.title,
                "path": bookmark.article.get_absolute_url(),
                "saved_at": bookmark.created_at.isoformat(),
            }
            for bookmark in bookmarks
        ],
        "followed_categories": [
            {
                "name": follow.category.name,
                "path": follow.category.get_absolute_url(),
                "followed_at": follow.created_at.isoformat(),
            }
            for follow in follows
        ],
        "comments": member_comments_data(user),
    }


def member_erase(*, user):
    """Remove what blog stores about a member who deletes the account.

    Comments go too; one that others replied to stays as "comment deleted", without author or
    text, so the conversation keeps its shape (as the Privacy Policy says).
    """
    Bookmark.objects.filter(user=user).delete()
    CategoryFollow.objects.filter(user=user).delete()
    member_comments_erase(user=user)
