import csv

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from markdownx.widgets import AdminMarkdownxWidget

from .forms import ArticleAdminForm
from .health_admin import (
    CorrectionInline,
    MedicalReviewAdminMixin,
    ReferenceInline,
    ReviewDueFilter,
    ReviewInline,
)
from .models import Article, Category, Subscriber, Tag
from .services import article_publish, article_save, article_unpublish, can_publish


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "article_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "description")}),
        (
            "Health content",
            {"fields": ("review_interval_months", "disclaimer", "disclaimer_text")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Tag)
class TagAdmin(CategoryAdmin):
    fieldsets = None


@admin.register(Article)
class ArticleAdmin(MedicalReviewAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "title", "status_label", "author", "category", "published_at", "last_reviewed_on",
        "updated_at", "view_link",
    )  # fmt: skip
    list_filter = ("status", ReviewDueFilter, "category", "author", "tags")
    list_select_related = ("author", "category")
    inlines = (ReferenceInline, CorrectionInline, ReviewInline)
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Cover", {"fields": ("cover", "cover_alt")}),
        ("Filing", {"fields": ("category", "tags")}),
        ("Publishing", {"fields": ("status", "published_at", "author", "comments_open")}),
        ("Medical review", {"fields": ("medical_review",)}),
    )

    class Media:
        css = {"all": ["css/admin-editor.css"]}

    formfield_overrides = {
        Article._meta.get_field("body").__class__: {"widget": AdminMarkdownxWidget}
    }

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return RequestForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_publish(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def get_readonly_fields(self, request, obj=None):
        if can_publish(request.user):
            return ("medical_review",)
        return ("published_at", "author", "medical_review")

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == Article.Status.PUBLISHED
            and not can_publish(request.user)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        article_save(article=obj)

    def save_related(self, request, form, formsets, change):
        """The references are saved after the article: render its citations again now."""
        super().save_related(request, form, formsets, change)
        form.instance.save()

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        return obj.get_status_display()

    @admin.display(description="on site")
    def view_link(self, obj):
        label = "View" if obj.is_public else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        try:
            count = article_publish(articles=queryset, by=request.user)
        except ValidationError as error:  # one article refused: the whole action rolled back
            reasons = " ".join(error.messages)
            self.message_user(request, f"Nothing was published: {reasons}", messages.ERROR)
            return
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        count = article_unpublish(articles=queryset, by=request.user)
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)


class SubscriberStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("confirmed", "Confirmed"),
            ("pending", "Not confirmed yet"),
            ("unsubscribed", "Unsubscribed"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "confirmed":
            return queryset.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        if self.value() == "pending":
            return queryset.filter(confirmed_at__isnull=True)
        if self.value() == "unsubscribed":
            return queryset.filter(unsubscribed_at__isnull=False)
        return None


# A cell a spreadsheet would read as a formula ("=...", "+...") is written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Readers subscribed without an account: counts per state and frequency (the filters
    show them), and a CSV export for staff who may view subscribers. Subscribers are made by
    the double opt-in only, never here."""

    list_display = ["email", "frequency", "everything", "created_at", "confirmed_at"]
    list_filter = [SubscriberStateFilter, "frequency", "everything"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    fields = [
        "email",
        "frequency",
        "everything",
        "categories",
        "tags",
        "authors",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    filter_horizontal = ["categories", "tags"]
    raw_id_fields = ["authors"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Export the selected subscribers (CSV)", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="subscribers-{timezone.now():%Y-%m-%d}.csv"'
        )
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(
            ["e-mail", "frequency", "everything", "asked on", "confirmed on", "unsubscribed on"]
        )
        for subscriber in queryset.order_by("pk").iterator():
            writer.writerow(
                _csv_cell(value)
                for value in (
                    subscriber.email,
                    subscriber.frequency,
                    "yes" if subscriber.everything else "no",
                    subscriber.created_at and subscriber.created_at.isoformat(),
                    subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
                    subscriber.unsubscribed_at and subscriber.unsubscribed_at.isoformat(),
                )
            )
        return response
