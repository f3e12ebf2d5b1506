import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField

from .markdown import render
from .renditions import make_renditions, srcset


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

        A card shows its category but not its author, tags or body, so those stay in the
        database: the tags alone would cost a second query and a third of the page's time.
        Add them here if a card starts to show them (the pinned query counts will say so).
        """
        return self.select_related("category").defer("body", "body_html", "toc")


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
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Describe the cover image for readers who cannot see it."}
            )

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
