import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Aggregate, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField

from core.images import StoredImageField
from core.markdown import RenderedFromMarkdown, render, validate_markdown
from core.permissions import visible_to
from core.renditions import srcset

from .references import CITATION_START, link_citations
from .references import HELP_TEXT as CITATION_HELP_TEXT

# Search snippets mark matches with control characters, so the text itself must not carry any.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Taxonomy(models.Model):
    """What Category and Tag share: a name, an address, a page of articles, feeds and a
    sitemap section (blog.views.TaxonomyView, blog.feeds.TaxonomyRss, blog.sitemaps)."""

    url_name = None  # "blog:category": the page; its feeds are "<url_name>-feed-rss|atom"
    article_field = None  # the Article field that points at the term
    follow_field = None  # the Follow field that points at the term
    follow_url_name = None  # the POST that follows it, or stops following it

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})

    @property
    def rss_url(self):
        return reverse(f"{self.url_name}-feed-rss", kwargs={"slug": self.slug})

    @property
    def atom_url(self):
        return reverse(f"{self.url_name}-feed-atom", kwargs={"slug": self.slug})

    @property
    def follow_url(self):
        return reverse(self.follow_url_name, kwargs={"slug": self.slug})


class Category(Taxonomy):
    name = models.CharField("name", max_length=80, unique=True)
    slug = models.SlugField(
        "slug", max_length=80, unique=True, help_text="The category's address: /category/<slug>/."
    )
    description = models.TextField(
        "description", blank=True, help_text="One or two sentences shown on the category page."
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "medical review every (months)",
        null=True,
        blank=True,
        help_text="Published articles not reviewed for this long are listed as “review due” "
        "and e-mailed weekly to the Editors. Empty: no review needed.",
    )

    class Disclaimer(models.TextChoices):
        SITE = "site", "The site-wide medical disclaimer"
        OWN = "own", "This category's own text (below)"
        NONE = "none", "No disclaimer"

    disclaimer = models.CharField(
        "disclaimer shown on its articles",
        max_length=4,
        choices=Disclaimer.choices,
        default=Disclaimer.SITE,
    )
    disclaimer_text = models.TextField(
        "own disclaimer",
        blank=True,
        help_text="Plain text, used when the category shows its own disclaimer.",
    )

    url_name = "blog:category"
    article_field = "category"
    follow_field = "category"
    follow_url_name = "blog:follow"

    class Meta(Taxonomy.Meta):
        verbose_name = "category"
        verbose_name_plural = "categories"

    def clean(self):
        if self.disclaimer == self.Disclaimer.OWN and not self.disclaimer_text.strip():
            raise ValidationError(
                {"disclaimer_text": "Write the category's disclaimer, or choose another option."}
            )

    @property
    def heading(self):
        return self.name

    @property
    def blurb(self):
        return self.description or f"Articles filed under {self.name}."


class Tag(Taxonomy):
    name = models.CharField("name", max_length=50, unique=True)
    slug = models.SlugField(
        "slug", max_length=60, unique=True, help_text="The tag's address: /tag/<slug>/."
    )

    url_name = "blog:tag"
    article_field = "tags"
    follow_field = "tag"
    follow_url_name = "blog:tag-follow"

    class Meta(Taxonomy.Meta):
        verbose_name = "tag"

    @property
    def heading(self):
        return f"Tagged “{self.name}”"

    @property
    def blurb(self):
        return f"Articles tagged “{self.name}” on {settings.SITE_NAME}."


def published_condition(*, now=None, prefix="", scheduled=False):
    """The one rule of visibility: published, and the publish time has come. `prefix` reaches
    the article through a relation ("article__"); `scheduled=True` gives the other side of
    the same moment: published, and the time still to come (each form can use the index on
    status and publish time). `Article.is_public` reads the rule from an instance; a test
    holds them together."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__{'gt' if scheduled else 'lte'}": now or timezone.now(),
        }
    )


class JSONList(Aggregate):
    """The values of an expression as one JSON array (SQLite's json_group_array, PostgreSQL's
    jsonb_agg): a short list read in the query of the row it belongs to."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


# What a member's own lists (saved articles, comments, "Download my data") say of an article
# that is no longer public, instead of its title and address.
NO_LONGER_PUBLISHED = "An article that is no longer published"

# The columns of an article card; the fewer, the less the query costs to build and to read.
CARD_FIELDS = (
    "title",
    "slug",
    "summary",
    "published_at",
    "updated_at",
    "reading_time",
    "comment_count",
    "cover",
    "cover_width",
    "cover_height",
    "cover_renditions",
    "category__name",
    "category__slug",
)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        return self.filter(published_condition(now=now))

    def scheduled(self, *, now=None):
        """Published, with a publish time still to come."""
        return self.filter(published_condition(now=now, scheduled=True))

    def visible_to(self, user):
        """What `user` may open at an article's address: published articles, plus the drafts
        and scheduled articles they wrote, or every one for Editors (core.permissions)."""
        return visible_to(self, user, author_field="author")

    def for_cards(self):
        """What an article card shows (blog/includes/article_cards.html), in one query.

        A card shows its category and comment count but not its author, tags or body, so those
        stay in the database: the tags alone would cost a second query and a third of the
        page's time. Add them to CARD_FIELDS if a card starts to show them (pinned query counts
        say so). `updated_at` is for the list's Last-Modified (core.conditional).
        """
        return self.select_related("category").only(*CARD_FIELDS)

    def with_tag_list(self):
        """Each article's tags as `tag_list`, [{"id": …, "name": …, "slug": …}, …], in the same
        query (the article page shows them, and finds related articles by them)."""
        tags = (
            Tag.objects.filter(articles=OuterRef("pk"))
            .order_by()
            .values("articles")
            .annotate(tags=JSONList(JSONObject(id="id", name="name", slug="slug")))
            .values("tags")
        )
        return self.annotate(tag_list=Subquery(tags, output_field=JSONField()))

    def with_health(self):
        """The article page's references (`reference_list`), correction notes
        (`correction_list`) and the site's disclaimer (`site_disclaimer`), as JSON in the same
        query; blog.health reads them."""
        references = (
            Reference.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                rows=JSONList(
                    JSONObject(
                        **{
                            name: name
                            for name in (
                                "id",
                                "position",
                                "key",
                                "authors",
                                "title",
                                "publisher",
                                "year",
                                "doi",
                                "pmid",
                                "url",
                                "accessed_on",
                            )  # fmt: skip
                        }
                    )
                )
            )
            .values("rows")
        )
        corrections = (
            Correction.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                rows=JSONList(JSONObject(id="id", kind="kind", noted_on="noted_on", text="text"))
            )
            .values("rows")
        )
        return self.annotate(
            reference_list=Subquery(references, output_field=JSONField()),
            correction_list=Subquery(corrections, output_field=JSONField()),
            site_disclaimer=Subquery(SiteDisclaimer.objects.values("text")[:1]),
        )

    def review_due(self, *, today=None):
        """Published articles whose category's review interval has passed since their last
        medical review (or that never had one)."""
        from .health import review_due_condition

        intervals = Category.objects.filter(review_interval_months__isnull=False).values_list(
            "pk", "review_interval_months"
        )
        return self.published().filter(review_due_condition(intervals, today=today))

    def for_detail(self):
        """An article in full (the feeds): author, category, tags and the comment count."""
        return self.select_related("author", "category").prefetch_related("tags")


def cover_upload_to(instance, filename):
    return f"covers/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Article(RenderedFromMarkdown, models.Model):
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
    body = MarkdownxField("body", help_text=CITATION_HELP_TEXT)
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
    cover = StoredImageField(
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
    reviewer = models.ForeignKey(
        "Person",
        verbose_name="medically reviewed by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        editable=False,
        help_text="Set by “Record a medical review”.",
    )
    last_reviewed_on = models.DateField(
        "last medical review", null=True, blank=True, editable=False
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
        """Derive the stored HTML, contents, reading time and plain text from the body. What a
        save sets off (cover renditions, redirects) is blog.services.article_save's."""
        if self.markdown_changed():
            for name, value in self.rendered_fields().items():
                setattr(self, name, value)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.first_published_at is None and self.is_public:
            self.first_published_at = self.published_at
        super().save(*args, **kwargs)
        self.markdown_saved()

    def get_absolute_url(self):
        return reverse("blog:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        try:
            if self.markdown_changed():
                validate_markdown(self.body)
        except ValidationError as refused:
            errors["body"] = refused
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = "Describe the cover image for readers who cannot see it."
        try:
            self.validate_slug_not_an_old_address()
        except ValidationError as refused:
            errors.update(refused.error_dict)
        if errors:
            raise ValidationError(errors)

    def markdown_changed(self):
        """Also when the body cites references: their numbers and links come from the
        reference list, which may have changed without the text (blog/references.py)."""
        return super().markdown_changed() or CITATION_START in (self.body or "")

    def rendered_fields(self):
        """The fields derived from the body (core's rerender_markdown command rewrites them)."""
        rendered = render(self.body)
        return {
            "body_html": link_citations(rendered.html, self.reference_keys()),
            "toc": rendered.toc,
            "reading_time": rendered.reading_time,
            "body_text": _CONTROL_CHARACTERS.sub(" ", rendered.text),
        }

    def validate_slug_not_an_old_address(self):
        """An old address of another article stays that article's: links and search engines
        were told (301, permanent) that it has moved there. Only the article itself may take
        it back (blog.services.article_save then drops the redirect)."""
        taken = SlugRedirect.objects.filter(old_slug=self.slug).exclude(article_id=self.pk)
        if self.slug and taken.exists():
            raise ValidationError(
                {
                    "slug": "This address belonged to another article and still leads readers "
                    "to it; pick another slug."
                },
                code="old_address",
            )

    def reference_keys(self):
        """The markers of the article's references, in list order (none before it is saved)."""
        if self.pk is None:
            return []
        return list(self.references.values_list("key", flat=True))

    @property
    def is_public(self):
        """published_condition(), for this instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def public_title(self):
        """The title while readers can see the article, else NO_LONGER_PUBLISHED: for lists of
        a member's own things, which outlive the article's being public."""
        return self.title if self.is_public else NO_LONGER_PUBLISHED

    @property
    def public_path(self):
        """The article's address while readers can see it, else None (see public_title)."""
        return self.get_absolute_url() if self.is_public else None

    @cached_property
    def cover_srcset(self):
        return srcset(self.cover_renditions.get("webp", []))

    @cached_property
    def cover_fallback_srcset(self):
        return srcset(self.cover_renditions.get("fallback", []))

    @property
    def is_scheduled(self):
        """published_condition(scheduled=True), for this instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


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


class Follow(models.Model):
    """A member following one category, tag or author: articles published there afterwards
    are e-mailed to them (accounts.notifications), at once or in a digest as they chose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member",
        on_delete=models.CASCADE,
        related_name="follows",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    tag = models.ForeignKey(
        Tag,
        verbose_name="tag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField("followed since", auto_now_add=True)

    TARGETS = ("category", "tag", "author")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "follow"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(category__isnull=False, tag__isnull=True, author__isnull=True)
                    | Q(category__isnull=True, tag__isnull=False, author__isnull=True)
                    | Q(category__isnull=True, tag__isnull=True, author__isnull=False)
                ),
                name="follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_{target}_once",
                )
                for target in ("category", "tag", "author")
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.target_name}"

    @property
    def kind(self):
        return next(target for target in self.TARGETS if getattr(self, f"{target}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)

    @property
    def target_name(self):
        target = self.target
        return target.public_name if self.kind == "author" else target.name

    @property
    def target_url(self):
        if self.kind == "author":
            return reverse("blog:author", kwargs={"username": self.author.get_username()})
        return self.target.get_absolute_url()

    @property
    def toggle_url(self):
        if self.kind == "author":
            return reverse("blog:author-follow", kwargs={"username": self.author.get_username()})
        return self.target.follow_url


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


class FollowNotification(models.Model):
    """One follower told about one article, alone or in a digest; it makes sending
    idempotent (an article is never sent to a member twice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member",
        on_delete=models.CASCADE,
        related_name="follow_notifications",
    )
    article = models.ForeignKey(
        Article,
        verbose_name="article",
        on_delete=models.CASCADE,
        related_name="follow_notifications",
    )
    sent_at = models.DateTimeField("sent at", auto_now_add=True)
    digest = models.ForeignKey(
        "Digest",
        verbose_name="digest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="The digest that listed the article; empty for an e-mail about it alone.",
    )

    class Meta:
        verbose_name = "follow notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="follow_notification_once"),
        ]

    def __str__(self):
        return f"{self.user} about {self.article}"


class Digest(models.Model):
    """One daily or weekly e-mail to one follower, for one period (recorded even when there
    was nothing to list, so the period is not looked at again)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member",
        on_delete=models.CASCADE,
        related_name="digests",
    )
    frequency = models.CharField("frequency", max_length=6, choices=Frequency.choices)
    period_start = models.DateTimeField("period from")
    period_end = models.DateTimeField("period to")
    article_count = models.PositiveSmallIntegerField("articles listed", default=0)
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = "digest"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="digest_once_per_period"
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_frequency_display()} digest for {self.user}, {self.period_start:%Y-%m-%d}"
        )


class Subscriber(models.Model):
    """A reader e-mailed about new articles without an account (double opt-in): nothing is
    sent before `confirmed_at`, nor after `unsubscribed_at`. Topics are everything, or the
    chosen categories, tags and authors. Deleting the row deletes its sending records."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", "Each article at once"
        DAILY = "daily", "A daily digest"
        WEEKLY = "weekly", "A weekly digest"

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    frequency = models.CharField(
        "how often", max_length=7, choices=Frequency.choices, default=Frequency.INSTANT
    )
    everything = models.BooleanField(
        "every new article",
        default=True,
        help_text="On: every new article. Off: only the categories, tags and authors chosen.",
    )
    categories = models.ManyToManyField(
        Category, verbose_name="categories", blank=True, related_name="subscribers"
    )
    tags = models.ManyToManyField(Tag, verbose_name="tags", blank=True, related_name="subscribers")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="authors", blank=True, related_name="subscribers"
    )
    created_at = models.DateTimeField("asked on", auto_now_add=True)
    confirmed_at = models.DateTimeField(
        "confirmed on", null=True, blank=True, help_text="Empty until the link e-mailed is used."
    )
    unsubscribed_at = models.DateTimeField("unsubscribed on", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "subscriber"

    def __str__(self):
        return self.email


class SubscriberDigest(models.Model):
    """One daily or weekly digest to one subscriber for one period (recorded even when empty,
    so the period is not looked at again)."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name="subscriber", on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField("frequency", max_length=6, choices=Digest.Frequency.choices)
    period_start = models.DateTimeField("period from")
    period_end = models.DateTimeField("period to")
    article_count = models.PositiveSmallIntegerField("articles listed", default=0)
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = "subscriber digest"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "frequency", "period_start"],
                name="subscriber_digest_once_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} digest for {self.subscriber}"


class SubscriberNotification(models.Model):
    """One subscriber told about one article, alone or in a digest: never twice."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name="subscriber",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    article = models.ForeignKey(
        Article,
        verbose_name="article",
        on_delete=models.CASCADE,
        related_name="subscriber_notifications",
    )
    digest = models.ForeignKey(
        SubscriberDigest,
        verbose_name="digest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        verbose_name = "subscriber notification"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "article"], name="subscriber_notification_once"
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} about {self.article}"


# Trustworthy health content (issue 17): who checked an article and when, what it rests on,
# what changed since, and the disclaimer shown with it. blog/health.py reads them for pages.


def person_photo_upload_to(instance, filename):
    return f"people/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Person(models.Model):
    """Someone whose expertise readers may check: a medical reviewer (who need not have an
    account) or an author (linked to their account, whose byline then carries the credentials
    and photo). Each has a public profile page."""

    name = models.CharField("name", max_length=120)
    slug = models.SlugField(
        "slug", max_length=120, unique=True, help_text="The profile's address: /people/<slug>/."
    )
    credentials = models.CharField(
        "credentials",
        max_length=120,
        blank=True,
        help_text="Shown after the name, e.g. “MD” or “Physiotherapist, MSc”.",
    )
    job_title = models.CharField(
        "job title",
        max_length=120,
        blank=True,
        help_text="Their role, e.g. “Consultant in pain medicine”. Read by search engines.",
    )
    bio = models.TextField(
        "short bio",
        max_length=1000,
        blank=True,
        help_text="A few sentences in plain text: training, experience, where they work.",
    )
    photo = models.ImageField(
        "photo",
        upload_to=person_photo_upload_to,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A portrait. JPEG, PNG, WebP or GIF, at most 5 MB; cropped square.",
    )
    photo_width = models.PositiveIntegerField(editable=False, null=True)
    photo_height = models.PositiveIntegerField(editable=False, null=True)
    same_as = models.TextField(
        "profiles elsewhere",
        blank=True,
        help_text="One https:// address per line: a register entry, ORCID, a university page. "
        "Shown on the profile and given to search engines as the same person.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="account",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="health_profile",
        limit_choices_to={"is_staff": True},
        help_text="Only for people who also write here: their byline then shows these "
        "credentials and photo. Reviewers need no account.",
    )
    is_demo = models.BooleanField(
        "demo persona",
        default=False,
        help_text="A fictional person from the demo content; the profile says so.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "person (reviewer or author profile)"
        verbose_name_plural = "people (reviewers and author profiles)"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return reverse("blog:person", kwargs={"slug": self.slug})

    def clean(self):
        for line in self.same_as_links:
            if not line.startswith("https://") or any(c.isspace() for c in line):
                raise ValidationError(
                    {"same_as": f"“{line}” is not an https:// address. Put one per line."}
                )

    @property
    def same_as_links(self):
        return [line.strip() for line in self.same_as.splitlines() if line.strip()]


class SiteDisclaimer(models.Model):
    """The site-wide medical disclaimer (one row), shown on articles whose category uses it."""

    text = models.TextField(
        "disclaimer",
        help_text="Plain text, shown in a box at the end of health articles. Categories can "
        "replace it with their own text or show none.",
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)

    class Meta:
        verbose_name = "site-wide medical disclaimer"
        verbose_name_plural = "site-wide medical disclaimer"

    def __str__(self):
        return "Site-wide medical disclaimer"

    def save(self, *args, **kwargs):
        self.pk = 1  # there is one
        super().save(*args, **kwargs)


class Reference(models.Model):
    """One entry of an article's numbered reference list, cited in the body as [@key]."""

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="references"
    )
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="The list is numbered in this order."
    )
    key = models.SlugField(
        "marker",
        max_length=40,
        help_text="Cite it in the body as [@marker], e.g. [@smith-2019]. Lower-case letters, "
        "digits and hyphens.",
    )
    authors = models.CharField(
        "authors", max_length=300, blank=True, help_text="e.g. “Vickers AJ, Linde K”."
    )
    title = models.CharField(
        "name of the work",
        max_length=300,
        help_text="Its title as published: the paper, book, guideline or page.",
    )
    publisher = models.CharField(
        "journal or publisher", max_length=200, blank=True, help_text="e.g. “JAMA” or “NICE”."
    )
    year = models.PositiveSmallIntegerField("year", null=True, blank=True)
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="Only the DOI, e.g. 10.1001/jama.2012.1234."
    )
    pmid = models.CharField(
        "PMID", max_length=10, blank=True, help_text="The PubMed number, digits only."
    )
    url = models.URLField(
        "web address", max_length=500, blank=True, help_text="For sources without DOI or PMID."
    )
    accessed_on = models.DateField(
        "date accessed", null=True, blank=True, help_text="When you last checked the address."
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "reference"
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="reference_key_once"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from .references import DOI, PMID

        self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:").strip()
        errors = {}
        if self.doi and not DOI.fullmatch(self.doi):
            errors["doi"] = "A DOI starts with “10.”, a number, then “/” and the item's name."
        if self.pmid and not PMID.fullmatch(self.pmid.strip()):
            errors["pmid"] = "A PMID is a number of 1 to 8 digits, without “PMID:”."
        if not (self.doi or self.pmid or self.url):
            errors["url"] = "Give at least one of DOI, PMID or web address."
        if errors:
            raise ValidationError(errors)


class Correction(models.Model):
    """A dated note at the top of an article saying what changed and why."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        REVIEW = "review", "Review"

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField("kind", max_length=12, choices=Kind.choices, default=Kind.UPDATE)
    noted_on = models.DateField(
        "date", default=timezone.localdate, help_text="Shown to readers; newest first."
    )
    text = models.CharField(
        "note",
        max_length=300,
        help_text="What changed, in one sentence: “corrected the number of sessions”.",
    )

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = "correction or update note"

    def __str__(self):
        return f"{self.get_kind_display()} {self.noted_on}: {self.text}"


class Review(models.Model):
    """One medical review of an article: who checked it, when, with the editor's note. The
    latest is shown to readers (Article.reviewer, Article.last_reviewed_on)."""

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        Person, verbose_name="reviewer", on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField("reviewed on")
    note = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recorded by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("recorded at", auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "medical review"

    def __str__(self):
        return f"{self.article} reviewed by {self.reviewer} on {self.reviewed_on}"


class ReviewReminder(models.Model):
    """One weekly "reviews due" e-mail sent to one editor; it makes the command idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="editor", on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField("week starting")
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        verbose_name = "review reminder"
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="review_reminder_once"),
        ]

    def __str__(self):
        return f"{self.user} for the week of {self.week}"
