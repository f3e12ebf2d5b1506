"""Writes with more than one step or a rule to enforce: saving, publishing and unpublishing
articles, saving articles and following categories, tags and authors, and what a member's data
export and erasure cover in blog."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.renditions import make_renditions

from .models import Article, Bookmark, Follow, Review, SlugRedirect

PUBLISH_PERMISSION = "blog.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


@transaction.atomic
def article_save(*, article):
    """Save `article` with what a save sets off: the cover's renditions when the cover is new,
    and, when an article that has been public gets a new slug, a permanent redirect from the
    old address (pointing at the article, so renames never chain).

    Another article's old address cannot be taken (ValidationError on "slug", whatever the
    status: a draft that took it would get it on publishing); when the article takes one of its
    own old addresses back, that redirect goes.
    """
    article.validate_slug_not_an_old_address()
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
    SlugRedirect.objects.filter(old_slug=article.slug, article=article).delete()
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


def bookmark_toggle(*, user, article, on=None):
    """Save `article` for `user` (`on=True`), unsave it (`on=False`), or toggle (None).
    Returns True if now saved."""
    return _toggle(Bookmark, on=on, user=user, article=article)


def follow_field(target):
    """The Follow field that points at `target`: a Category, a Tag or an author (a user)."""
    return getattr(target, "follow_field", None) or "author"


def follow_toggle(*, user, target, on=None):
    """Follow `target` (a Category, a Tag or an author: `on=True`), stop following it
    (`on=False`), or toggle (None). Returns True if now following."""
    return _toggle(Follow, on=on, user=user, **{follow_field(target): target})


def is_following(user, target):
    return (
        user.is_authenticated
        and Follow.objects.filter(user=user, **{follow_field(target): target}).exists()
    )


@transaction.atomic
def _toggle(model, *, on, **fields):
    """Create the member's row (`on=True`), delete it (`on=False`), or toggle it (None);
    True if it exists now. Asking for the state it is already in changes nothing.

    Two requests at once may both find no row: get_or_create inserts in a savepoint and, if
    the unique constraint says the other request's row has just landed, reads that one
    instead, so the second request answers "saved" too rather than a 500.
    """
    if on is None:
        deleted, _ = model.objects.filter(**fields).delete()
        on = not deleted
    elif not on:
        model.objects.filter(**fields).delete()
    if on:
        model.objects.get_or_create(**fields)
    return on


def member_data(user):
    """Everything blog stores about a member, for the "Download my data" file."""
    bookmarks = Bookmark.objects.filter(user=user).select_related("article")
    follows = Follow.objects.filter(user=user).select_related("category", "tag", "author")
    return {
        "saved_articles": [
            {
                "title": bookmark.article.public_title,
                "path": bookmark.article.public_path,
                "saved_at": bookmark.created_at.isoformat(),
            }
            for bookmark in bookmarks
        ],
        "follows": [
            {
                "kind": follow.kind,
                "name": follow.target_name,
                "path": follow.target_url,
                "followed_at": follow.created_at.isoformat(),
            }
            for follow in follows
        ],
    }


def member_erase(*, user):
    """Remove what blog stores about a member who deletes the account."""
    Bookmark.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()


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
