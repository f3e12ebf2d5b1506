import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from .markdown import render

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
        """What an article card shows, in a fixed number of queries however many cards."""
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
        indexes = [models.Index(fields=["status", "-published_at"], name="article_pub_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = render(self.body)
        self.body_html, self.toc, self.reading_time = (
            rendered.html,
            rendered.toc,
            rendered.reading_time,
        )
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

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public


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
