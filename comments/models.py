from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from blog.models import Article
from core.markdown import render_comment


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What every reader sees: approved and not deleted (Comment.is_visible, per comment)."""
        return self.filter(status=Comment.Status.VISIBLE, is_deleted=False)

    def thread(self, article):
        """Every comment of `article` with its author, oldest first: one query for any size."""
        return self.filter(article=article).select_related("author").order_by("created_at", "pk")


class Comment(models.Model):
    """A reader's plain-text comment on an article, or a reply to another comment."""

    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        PENDING = "pending", "Awaiting approval"
        HIDDEN = "hidden", "Hidden by a moderator"
        SPAM = "spam", "Spam"

    MAX_LENGTH = 5000

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="Empty once the member has deleted their account.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="in reply to",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    body = models.TextField(
        "comment",
        max_length=MAX_LENGTH,
        validators=[MaxLengthValidator(MAX_LENGTH)],
        blank=True,
        help_text="Plain text. Paragraphs, line breaks and web addresses are kept.",
    )
    body_html = models.TextField("rendered comment", editable=False, default="")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True
    )
    is_deleted = models.BooleanField(
        "deleted",
        default=False,
        help_text="Deleted by its author but kept, without its text, because it has replies.",
    )
    deleted_at = models.DateTimeField("deleted at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("posted at", default=timezone.now, editable=False)
    edited_at = models.DateTimeField("last edited", null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
        ]

    def __str__(self):
        if self.is_deleted:
            return f"Deleted comment #{self.pk}"
        return Truncator(self.body).chars(60)

    def save(self, *args, **kwargs):
        self.body_html = "" if self.is_deleted else render_comment(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        if not self.is_deleted and not self.body.strip():
            raise ValidationError({"body": "Write something before posting."})
        if self.parent_id and self.parent.article_id != self.article_id:
            raise ValidationError({"parent": "A reply belongs to the same article."})

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_visible(self):
        """CommentQuerySet.visible(), for this comment."""
        return self.status == self.Status.VISIBLE and not self.is_deleted
