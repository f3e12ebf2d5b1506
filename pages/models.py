from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from core.markdown import CONTENT_ID_PREFIXES, RenderedFromMarkdown, render, validate_markdown
from core.permissions import visible_to

# Ids the FAQ page itself uses; an answer's anchor must not take one of them, nor start like
# the ids inside rendered answers (headings "h-…", footnotes "fn-…").
RESERVED_ANCHORS = {"main", "faq-sections"}
SECTION_ID_PREFIX = "section-"
RESERVED_PREFIXES = (SECTION_ID_PREFIX, *CONTENT_ID_PREFIXES)


class PageQuerySet(models.QuerySet):
    def published(self):
        """The one rule of visibility for pages: the editor ticked "published"."""
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published pages, plus unpublished ones for Editors (core.permissions.visible_to)."""
        return visible_to(self, user)

    def in_footer(self):
        return self.published().filter(show_in_footer=True).order_by("footer_order", "title")


class Page(RenderedFromMarkdown, models.Model):
    title = models.CharField("title", max_length=120)
    slug = models.SlugField(
        "slug",
        max_length=80,
        unique=True,
        help_text="The page's address at the site root: /<slug>/, e.g. /privacy/.",
    )
    body = MarkdownxField("body", help_text="Markdown, rendered exactly like an article body.")
    body_html = models.TextField("rendered body", editable=False, default="")
    toc = models.JSONField("table of contents", editable=False, default=list)
    meta_description = models.CharField(
        "meta description",
        max_length=200,
        blank=True,
        help_text="One sentence (about 150 characters) that search engines show under the title.",
    )
    show_in_footer = models.BooleanField(
        "show in footer", default=False, help_text="Link this page from the foot of every page."
    )
    footer_order = models.PositiveSmallIntegerField(
        "footer order",
        default=100,
        help_text=(
            "Lower numbers come first. The Management Center link sits at 40 and the FAQ link "
            "at 50, so 10, 20, 30 put a page before them and 60 after."
        ),
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Readers see only published pages; editors can preview the others.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["footer_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.markdown_changed():
            for name, value in self.rendered_fields().items():
                setattr(self, name, value)
        super().save(*args, **kwargs)
        self.markdown_saved()

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def rendered_fields(self):
        """The fields derived from the body (core's rerender_markdown command rewrites them)."""
        rendered = render(self.body)
        return {"body_html": rendered.html, "toc": rendered.toc}

    def clean(self):
        errors = {}
        try:
            if self.markdown_changed():
                validate_markdown(self.body)
        except ValidationError as refused:
            errors["body"] = refused
        if self._slug_taken():
            errors["slug"] = (
                "Another part of the site already uses this address; pick another slug."
            )
        if errors:
            raise ValidationError(errors)

    def _slug_taken(self):
        # Pages live at the site root, after every other route: a slug that another part of the
        # site already answers (admin, articles, faq…) would make the page unreachable.
        if not self.slug:
            return False
        try:
            match = resolve(f"/{self.slug}/")
        except Resolver404:
            return False
        return match.view_name != "pages:detail"


class FAQSection(models.Model):
    title = models.CharField("title", max_length=80, unique=True)
    slug = models.SlugField(
        "slug",
        max_length=80,
        unique=True,
        help_text="Used in the section's link on the FAQ page: /faq/#section-<slug>.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=100, help_text="Sections with lower numbers come first."
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "FAQ section"
        verbose_name_plural = "FAQ sections"

    def __str__(self):
        return self.title

    @property
    def html_id(self):
        return f"{SECTION_ID_PREFIX}{self.slug}"


class FAQQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_page(self):
        """Published questions in reading order (section, then order), with their sections."""
        return (
            self.published()
            .select_related("section")
            .order_by("section__order", "section__title", "order", "pk")
        )


class FAQ(RenderedFromMarkdown, models.Model):
    markdown_field = "answer"

    section = models.ForeignKey(
        FAQSection, verbose_name="section", on_delete=models.PROTECT, related_name="faqs"
    )
    question = models.CharField("question", max_length=200)
    anchor = models.SlugField(
        "anchor",
        max_length=80,
        unique=True,
        blank=True,
        help_text=(
            "The link to this answer: /faq/#<anchor>. Made from the question when left empty "
            "and kept when the question or its order changes; editing it breaks old links."
        ),
    )
    answer = MarkdownxField("answer", help_text="Markdown, rendered like an article body.")
    answer_html = models.TextField("rendered answer", editable=False, default="")
    order = models.PositiveSmallIntegerField(
        "order", default=100, help_text="Position within the section; lower numbers come first."
    )
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = FAQQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.anchor:
            self.anchor = self._free_anchor()
        if self.markdown_changed():
            self.answer_html = self.rendered_fields()["answer_html"]
        super().save(*args, **kwargs)
        self.markdown_saved()

    def get_absolute_url(self):
        return f"{reverse('pages:faq')}#{self.anchor}"

    def rendered_fields(self):
        """The field derived from the answer (core's rerender_markdown command rewrites it)."""
        return {"answer_html": render(self.answer).html}

    def clean(self):
        errors = {}
        try:
            if self.markdown_changed():
                validate_markdown(self.answer)
        except ValidationError as refused:
            errors["answer"] = refused
        if self.anchor in RESERVED_ANCHORS or self.anchor.startswith(RESERVED_PREFIXES):
            errors["anchor"] = "The FAQ page uses this id itself; pick another."
        if errors:
            raise ValidationError(errors)

    def _free_anchor(self):
        """A slug of the question that no other answer (and no id of the page) uses yet."""
        max_length = self._meta.get_field("anchor").max_length
        base = slugify(self.question)[: max_length - 4].strip("-") or "question"
        if base in RESERVED_ANCHORS or base.startswith(RESERVED_PREFIXES):
            base = f"q-{base}"
        taken = set(
            FAQ.objects.filter(anchor__startswith=base)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate
