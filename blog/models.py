import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from markdownx.models import MarkdownxField

from .markdown import render, render_comment
from .renditions import make_renditions, srcset

# Search snippets mark matches with control characters, so the text itself must not carry any.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Category(models.Model):
    name = models.CharField("name", max_length=80, unique=True)
    slug = models.SlugField(
        "slug", max_length=80, unique=True, help_text="The category's address: /category/<slug>/."
    )
    description = models.TextField(
        "description", blank=True, help_text="One or two sentences shown on the category page."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "category"
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField("name", max_length=50, unique=True)
    slug = models.SlugField("slug", max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one rule of visibility: published, and the publish time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff may open drafts and scheduled articles (a preview); others see published ones."""
        return self if user.is_staff else self.published()

    def for_cards(self):
        """What an article card shows (includes/article_card.html), in one query.

        A card shows its category and comment count but not its author, tags or body, so those
        stay in the database: the tags alone would cost a second query and a third of the
        page's time. Add them here if a card starts to show them (pinned query counts say so).
        """
        return self.select_related("category").defer("body", "body_html", "body_text", "toc")

    def for_detail(self):
        """An article in full (the feeds): author, category, tags and the comment count."""
        return self.select_related("author", "category").prefetch_related("tags")


def cover_upload_to(instance, filename):
    return f"covers/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Submitted for review"
        PUBLISHED = "published", "Published"

    title = models.CharField("title", max_length=200)
    slug = models.SlugField(
        "slug",
        max_length=220,
        unique=True,
        help_text="The article's address, filled in from the title. Change it before publishing.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    summary = models.TextField(
        "summary",
        max_length=300,
        help_text="One or two sentences. Shown on article cards and used as the meta description.",
    )
    body = MarkdownxField(
        "body", help_text="Markdown. Drop or paste images into the editor to upload them."
    )
    body_html = models.TextField("rendered body", editable=False, default="")
    toc = models.JSONField("table of contents", editable=False, default=list)
    reading_time = models.PositiveSmallIntegerField(
        "reading time (minutes)", editable=False, default=1
    )
    comment_count = models.PositiveIntegerField(
        "visible comments",
        editable=False,
        default=0,
        help_text="Kept up to date whenever a comment is saved or deleted.",
    )
    cover = models.ImageField(
        "cover image",
        upload_to=cover_upload_to,
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB. Shown at the top and on cards.",
    )
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_height = models.PositiveIntegerField(editable=False, null=True)
    cover_renditions = models.JSONField(editable=False, default=dict)
    cover_alt = models.CharField(
        "cover image description",
        max_length=200,
        blank=True,
        help_text="Describe the picture for readers who cannot see it. Required with a cover.",
    )
    category = models.ForeignKey(
        Category, verbose_name="category", on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name="tags", blank=True, related_name="articles")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="Readers see the article from this moment. A future time schedules it.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    comments_open = models.BooleanField(
        "comments open",
        default=True,
        help_text="Untick to close the discussion: the comments stay, nobody can add new ones.",
    )
    body_text = models.TextField("plain text of the body", editable=False, default="")
    first_published_at = models.DateTimeField(
        "first public",
        null=True,
        editable=False,
        help_text="When readers could first see the article; from then on its old addresses "
        "redirect to the new one when the slug changes.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, unpublish and schedule articles")]
        # Matches published() and the ordering, so a page of any list is read in index order
        # (no sort of every published article); the category's for its own page.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_pub_idx"),
            models.Index(
                fields=["category", "status", "-published_at", "-id"], name="article_cat_pub_idx"
            ),
            # The newest change of a published article (sitemap index, feeds): read backwards
            # from the most recent, it stops at the first published one.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = render(self.body)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.reading_time = rendered.reading_time
        if not self.cover:
            self.cover_renditions = {}
        elif self.cover_renditions.get("source") != self.cover.name:
            if not self.cover._committed:
                self.cover.save(self.cover.name, self.cover.file, save=False)
            self.cover_renditions = make_renditions(self.cover)
        self.body_text = _CONTROL_CHARACTERS.sub(" ", rendered.text)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        stored = self._stored_address()
        if self.first_published_at is None:
            self.first_published_at = (stored and stored["first_public"]) or (
                self.published_at if self.is_public else None
            )
        # The slug is a public address: whatever path renames it must leave a redirect behind.
        with transaction.atomic():
            super().save(*args, **kwargs)
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
            if stored and stored["first_public"] and stored["slug"] != self.slug:
                SlugRedirect.objects.update_or_create(
                    old_slug=stored["slug"], defaults={"article": self}
                )

    def get_absolute_url(self):
        return reverse("blog:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Describe the cover image for readers who cannot see it."}
            )

    def _stored_address(self):
        """The slug in the database and when the stored row was first public (None if never)."""
        if self.pk is None or self._state.adding:
            return None
        row = (
            Article.objects.filter(pk=self.pk)
            .values("slug", "status", "published_at", "first_published_at")
            .first()
        )
        if row is None:
            return None
        was_public = (
            row["status"] == self.Status.PUBLISHED
            and row["published_at"] is not None
            and row["published_at"] <= timezone.now()
        )
        first_public = row["first_published_at"] or (row["published_at"] if was_public else None)
        return {"slug": row["slug"], "first_public": first_public}

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @cached_property
    def cover_srcset(self):
        return srcset(self.cover_renditions.get("webp", []))

    @cached_property
    def cover_fallback_srcset(self):
        return srcset(self.cover_renditions.get("fallback", []))

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public


class Bookmark(models.Model):
    """An article a member saved to read later ("Saved articles" in the Management Center)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member",
        on_delete=models.CASCADE,
        related_name="bookmarks",
    )
    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="bookmarks"
    )
    created_at = models.DateTimeField("saved at", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "saved article"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="bookmark_once"),
        ]

    def __str__(self):
        return f"{self.user} saved {self.article}"


class CategoryFollow(models.Model):
    """A member following a category: they are e-mailed when an article is published in it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member",
        on_delete=models.CASCADE,
        related_name="category_follows",
    )
    category = models.ForeignKey(
        Category, verbose_name="category", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField("followed since", auto_now_add=True)

    class Meta:
        ordering = ["category__name"]
        verbose_name = "followed category"
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="category_follow_once"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.category}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What every reader sees: approved and not deleted."""
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
        return self.status == self.Status.VISIBLE and not self.is_deleted


class SlugRedirect(models.Model):
    """An address an article had while public; it answers 301 to the article's current one.

    Redirects point at the article, not at the next slug, so a chain of renames never chains.
    """

    old_slug = models.SlugField("old slug", max_length=220, unique=True)
    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        verbose_name = "slug redirect"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
