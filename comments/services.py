"""Posting, editing, deleting and moderating comments, with the rules that guard them.

Every refusal raises `CommentRefused` with a message for the member and the HTTP status a view
should answer with; nothing is written when a comment is refused. The moderation policy comes
from settings.COMMENTS_MODERATION: "open" publishes at once, "first" holds a member's comments
until one has been approved, "all" holds every comment. Moderators are never held.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from blog.models import Article
from core.markdown import count_links
from core.throttle import Throttled, count_attempt

from .models import Comment
from .signals import comment_published

MODERATE_PERMISSION = "comments.change_comment"
POLICIES = ("open", "first", "all")
EDIT_WINDOW = timedelta(minutes=15)
MAX_LINKS = 3


class CommentRefused(Exception):
    """A comment that may not be posted or changed, with what to tell the member."""

    def __init__(self, message, *, status=400, code="invalid", retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after  # seconds, for the Retry-After header of a 429


def is_moderator(user):
    return user.has_perm(MODERATE_PERMISSION)


def moderation_policy():
    policy = settings.COMMENTS_MODERATION
    if policy not in POLICIES:
        raise ImproperlyConfigured(f"COMMENTS_MODERATION must be one of {', '.join(POLICIES)}.")
    return policy


def refusal_to_post(article, user):
    """Why `user` may not comment on `article`, or None when they may."""
    if not article.is_public:
        message = "Comments open once the article is published."
        return CommentRefused(message, status=403, code="unpublished")
    if not article.comments_open:
        message = "Comments are closed on this article."
        return CommentRefused(message, status=403, code="closed")
    if not user.is_authenticated:
        return CommentRefused("Sign in to reply.", status=403, code="anonymous")
    if not user.is_verified:
        message = "Please confirm your e-mail address before you comment."
        return CommentRefused(message, status=403, code="unverified")
    return None


@transaction.atomic
def comment_post(*, article, author, body, parent=None, honeypot="", client=None):
    """Post `body` by `author` on `article` (as a reply to `parent`); return the new comment.

    Its status follows the moderation policy, and it is held whatever the policy when it has
    more than MAX_LINKS links. A visible comment is announced after commit
    (signals.comment_published), for the e-mails to its parent's and its article's authors.
    Posting is on budgets per member, per `client` address and for the site
    (FOLIO_THROTTLES["comment"]); a comment refused for another reason is not counted.
    """
    refusal = refusal_to_post(article, author)
    if refusal:
        raise refusal
    if parent is not None and (parent.article_id != article.pk or not parent.is_visible):
        raise CommentRefused("That comment can no longer be replied to.", status=404)
    if honeypot:
        # Only form-filling robots see the field; nothing tells them which check failed.
        raise CommentRefused("Your comment could not be posted. Please try again.")
    body = body.strip()
    previous = (
        Comment.objects.filter(author=author, is_deleted=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None and previous.body.strip() == body:
        raise CommentRefused(
            "You have just posted this same comment. Write something new, or edit the first one."
        )
    attempt = _count_post(author, client)
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        body=body,
        status=_initial_status(author, body),
    )
    try:
        comment.full_clean()
        comment.save()
    except Exception:
        attempt.cancel()  # not posted, so not counted
        raise
    if comment.status == Comment.Status.VISIBLE:
        _notify_on_commit(comment)
    return comment


@transaction.atomic
def comment_edit(*, comment, by, body):
    """Change the text of `comment`: its author only, within EDIT_WINDOW of posting.

    A visible comment whose new text the policy would hold (moderation "all", "first" before
    an approval, more than MAX_LINKS links) goes back to pending: a moderator has not read the
    new text. A comment a moderator hid or marked as spam keeps that status.
    """
    if comment.author_id != by.pk or comment.is_deleted:
        raise PermissionDenied("Only the author can edit a comment.")
    if not can_still_edit(comment):
        raise CommentRefused(
            "Comments can be edited for 15 minutes after posting; this one can no longer be "
            "changed. You can delete it, or post a new comment."
        )
    comment.body = body.strip()
    if comment.status == Comment.Status.VISIBLE:
        comment.status = _initial_status(by, comment.body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save()
    return comment


def can_still_edit(comment, now=None):
    return (now or timezone.now()) < comment.created_at + EDIT_WINDOW


@transaction.atomic
def comment_delete(*, comment, by):
    """Delete `comment` (its author or a moderator). One with replies stays as "comment deleted"
    without its text, so the thread keeps its shape; one without replies is removed."""
    if comment.author_id != by.pk and not is_moderator(by):
        raise PermissionDenied("Only the author can delete a comment.")
    _erase([comment], clear_author=False)


@transaction.atomic
def comment_moderate(*, comments, status, by):
    """Set `status` on the `comments` queryset (admin bulk actions); return how many changed.

    Comments approved here are announced (signals.comment_published) as if they had been
    published at once.
    """
    if not is_moderator(by):
        raise PermissionDenied("Only moderators can approve or hide comments.")
    if status not in Comment.Status.values:
        raise ValueError(f"Unknown comment status {status!r}.")
    changed = 0
    # By primary key: the admin's queryset joins authors, which FOR UPDATE cannot lock.
    selected = list(comments.exclude(status=status).values_list("pk", flat=True))
    for comment in Comment.objects.filter(pk__in=selected).select_for_update():
        was_pending = comment.status == Comment.Status.PENDING
        comment.status = status
        comment.save(update_fields=["status"])
        changed += 1
        if was_pending and comment.is_visible:
            _notify_on_commit(comment)
    return changed


def member_data(user):
    """The member's comments for "Download my data": one dict each, newest first."""
    comments = Comment.objects.filter(author=user, is_deleted=False).select_related("article")
    return {
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.public_title,
                "url": comment.get_absolute_url() if comment.article.is_public else None,
                "in_reply_to": comment.parent_id,
                "text": comment.body,
                "status": comment.get_status_display(),
                "posted_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            }
            for comment in comments.order_by("-created_at", "-pk")
        ]
    }


@transaction.atomic
def member_erase(*, user):
    """Erase the member's comments (account deletion). Ones with replies stay as "comment
    deleted", with neither text nor author; the rest are removed. Returns how many."""
    comments = list(Comment.objects.filter(author=user))
    _erase(comments, clear_author=True)
    return len(comments)


def _erase(comments, *, clear_author):
    now = timezone.now()
    with_replies = set(
        Comment.objects.filter(parent__in=comments).values_list("parent_id", flat=True)
    )
    for comment in comments:
        if comment.pk not in with_replies:
            continue
        comment.is_deleted, comment.body = True, ""
        comment.deleted_at = comment.deleted_at or now
        if clear_author:
            comment.author = None
        comment.save()
    Comment.objects.filter(pk__in=[c.pk for c in comments if c.pk not in with_replies]).delete()
    _prune({comment.article_id for comment in comments})


def _prune(article_ids):
    """Remove "comment deleted" placeholders that no longer have any replies."""
    while True:
        empty = Comment.objects.filter(
            article_id__in=article_ids, is_deleted=True, replies__isnull=True
        )
        if not empty.delete()[0]:
            return


def _initial_status(author, body):
    if is_moderator(author):
        return Comment.Status.VISIBLE
    policy = moderation_policy()
    held = (
        count_links(body) > MAX_LINKS
        or policy == "all"
        or (
            policy == "first"
            and not Comment.objects.filter(author=author, status=Comment.Status.VISIBLE).exists()
        )
    )
    return Comment.Status.PENDING if held else Comment.Status.VISIBLE


def _count_post(author, client):
    """Count a comment by `author` from `client` against its budgets, or refuse it (429)."""
    try:
        return count_attempt("comment", address=author.pk, client=client)
    except Throttled as throttled:
        raise CommentRefused(
            _throttled_message(throttled),
            status=429,
            code="throttled",
            retry_after=throttled.retry_after,
        ) from throttled


def _throttled_message(throttled):
    wait = "a minute" if throttled.minutes == 1 else f"{throttled.minutes} minutes"
    if throttled.scope != "address":
        where = "from your network" if throttled.scope == "client" else "on the site"
        return f"Too many comments are being posted {where} just now. Please post again in {wait}."
    if throttled.seconds >= 86_400:
        return (
            f"You have reached today's limit of {throttled.limit} comments. Please come back "
            "tomorrow."
        )
    if throttled.seconds == 60:
        return (
            f"You can post {throttled.limit} comments a minute. Please wait a moment and post "
            "again."
        )
    return (
        f"You can post {throttled.limit} comments every {throttled.seconds // 60} minutes. "
        f"Please post again in {wait}."
    )


def _notify_on_commit(comment):
    """Announce a newly visible comment once committed (signals.comment_published): the
    accounts app e-mails the parent's author and the article's author."""
    transaction.on_commit(lambda: comment_published.send(sender=Comment, comment=comment))


def article_count_comments(*, article_id):
    """Store how many visible comments the article has (cards and pages read the number).

    The article's row is locked first, then counted in a statement of its own: on PostgreSQL
    a statement that waited for another transaction's lock still counts from the snapshot it
    started with, so counting while taking the lock missed the comment committed meanwhile
    (8 members posting at once left a count of 1). FOR NO KEY UPDATE, because each comment's
    insert holds a key-share lock on its article and a plain FOR UPDATE would deadlock with
    it. Connected to Comment's post_save and post_delete (comments.apps), so every path that
    changes a comment keeps it right.
    """
    visible = (
        Comment.objects.visible()
        .filter(article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    with transaction.atomic(savepoint=False):
        list(Article.objects.select_for_update(no_key=True).filter(pk=article_id).values("pk"))
        Article.objects.filter(pk=article_id).update(comment_count=Coalesce(Subquery(visible), 0))


def on_comment_changed(sender, instance, **kwargs):
    article_count_comments(article_id=instance.article_id)
