"""Writes with more than one step or a rule to enforce: saving, publishing and unpublishing
articles, saving articles and following categories, and what a member's data export and erasure
cover in blog."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.renditions import make_renditions

from .models import Article, Bookmark, CategoryFollow, Review, SlugRedirect

PUBLISH_PERMISSION = "blog.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


@transaction.atomic
def article_save(*, article):
    """Save `article` with what a save sets off: the cover's renditions when the cover is new,
    and, when an article that has been public gets a new slug, a permanent redirect from the
    old address (pointing at the article, so renames never chain). The new slug is the
    article's own address now: a redirect that held it goes."""
    stored = None
    if article.pk is not None and not article._state.adding:
        stored = (
            Article.objects.filter(pk=article.pk)
            .values("slug", "published_at", "first_published_at")
            .first()
        )
    was_public = stored is not None and (
        stored["first_published_at"] is not None
        or Article.objects.published().filter(pk=article.pk).exists()
    )
    if was_public and article.first_published_at is None:
        # Went public on schedule (no save at that moment): remember it, even if this very
        # save unpublishes it, so a later rename still redirects the address readers saw.
        article.first_published_at = stored["first_published_at"] or stored["published_at"]
    if not article.cover:
        article.cover_renditions = {}
    elif article.cover_renditions.get("source") != article.cover.name:
        if not article.cover._committed:
            article.cover.save(article.cover.name, article.cover.file, save=False)
        article.cover_renditions = make_renditions(article.cover)
    article.save()
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    if was_public and stored["slug"] != article.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=stored["slug"], defaults={"article": article}
        )
    return article


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
        article_save(article=article)
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
        article_save(article=article)
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
    }


def member_erase(*, user):
    """Remove what blog stores about a member who deletes the account."""
    Bookmark.objects.filter(user=user).delete()
    CategoryFollow.objects.filter(user=user).delete()


@transaction.atomic
def article_record_review(*, article, reviewer, reviewed_on, note="", by):
    """Record that `reviewer` medically reviewed `article` on `reviewed_on`: the review is kept,
    the article shows the latest reviewer and date (an older review recorded late changes
    neither), and the admin's history of the article says who recorded it. Editors only."""
    from django.contrib.admin.models import CHANGE, LogEntry

    if not can_publish(by):
        raise PermissionDenied("Only editors can record a medical review.")
    review = Review(
        article=article, reviewer=reviewer, reviewed_on=reviewed_on, note=note, recorded_by=by
    )
    review.full_clean()
    review.save()
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.last_reviewed_on is None or reviewed_on >= article.last_reviewed_on:
        article.reviewer = reviewer
        article.last_reviewed_on = reviewed_on
        article_save(article=article)
    message = f"Recorded a medical review by {reviewer} on {reviewed_on:%Y-%m-%d}."
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=f"{message} {note}".strip(),
        single_object=True,
    )
    return review
