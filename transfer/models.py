"""What an import remembers: which source item became which object (so a second run updates
instead of duplicating), and the old blog's addresses, which answer 301 to the new ones."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from blog.models import Article
from pages.models import Page


class ImportedItem(models.Model):
    """One item of an export (a post, a page, a comment) and the object it was stored as."""

    class Source(models.TextChoices):
        WORDPRESS = "wordpress", "WordPress (WXR)"
        GHOST = "ghost", "Ghost (JSON)"
        MARKDOWN = "markdown", "Markdown files"

    source = models.CharField("source", max_length=10, choices=Source.choices)
    key = models.CharField(
        "key in the source", max_length=255, help_text="The item's id or slug in the export."
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField(
        "checksum", max_length=64, help_text="Of the item as last imported: unchanged is skipped."
    )
    imported_at = models.DateTimeField("last imported", auto_now=True)

    class Meta:
        verbose_name = "imported item"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="imported_item_once"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.key}"


class Permalink(models.Model):
    """An address the article or page had on the old blog (a path such as /2019/03/hello/);
    transfer.middleware answers it with a permanent redirect while the target is public."""

    path = models.CharField("old address", max_length=500, unique=True)
    article = models.ForeignKey(
        Article,
        verbose_name="article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.ForeignKey(
        Page, verbose_name="page", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "old permalink"
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) ^ Q(page__isnull=True),
                name="permalink_one_target",
            ),
        ]

    def __str__(self):
        return self.path

    @property
    def target(self):
        return self.article or self.page
