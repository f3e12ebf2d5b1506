"""The admin's side of health content: people (reviewers and author profiles), the site-wide
disclaimer, an article's references and correction notes, the "review due" filter, and the
"Record a medical review" page (blog.services.article_record_review)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.images import ImageUploadField, clean_image

from .models import Article, Correction, Person, Reference, Review, SiteDisclaimer
from .references import unknown_markers
from .services import article_record_review, can_publish


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name", "slug", "credentials", "job_title", "bio", "photo", "same_as", "user",
            "is_demo",
        ]  # fmt: skip
        field_classes = {"photo": ImageUploadField}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and "photo" in self.changed_data:
            return clean_image(photo, max_side=480, square=True)
        return photo


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ("name", "credentials", "job_title", "user", "review_count", "view_link")
    list_filter = ("is_demo",)
    search_fields = ("name", "credentials", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviewed_articles"))

    @admin.display(description="articles reviewed", ordering="review_count")
    def review_count(self, obj):
        return obj.review_count

    @admin.display(description="on site")
    def view_link(self, obj):
        return format_html('<a href="{}">View profile</a>', obj.get_absolute_url())


@admin.register(SiteDisclaimer)
class SiteDisclaimerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteDisclaimer.objects.exists()


class RowsKeptWhenAbsentFormSet(forms.BaseInlineFormSet):
    """An inline whose rows a POST does not carry at all (no management form: a script, or a
    form from before the inline existed) leaves the stored rows as they are, instead of
    refusing the whole article form."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        total = f"{prefix or self.get_default_prefix()}-TOTAL_FORMS"
        self.rows_absent = data is not None and total not in data
        if self.rows_absent:
            data = data.copy()
            data[total] = data[total.replace("TOTAL", "INITIAL")] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ReferenceInlineFormSet(RowsKeptWhenAbsentFormSet):
    """Refuses a body that cites a marker no reference in the list has."""

    def clean(self):
        super().clean()
        if self.rows_absent:
            keys = self.instance.reference_keys()
        else:
            keys = [
                form.cleaned_data["key"]
                for form in self.forms
                if form.cleaned_data.get("key") and not form.cleaned_data.get("DELETE")
            ]
        unknown = unknown_markers(self.instance.body, keys)
        if unknown:
            names = ", ".join(f"[@{key}]" for key in unknown)
            raise ValidationError(
                f"The body cites {names}, but no reference below has that marker. Add the "
                "reference, or correct the marker in the body.",
                code="unknown_marker",
            )


class ReferenceInline(admin.StackedInline):
    model = Reference
    formset = ReferenceInlineFormSet
    extra = 0
    fields = (
        ("position", "key"), "authors", "title", ("publisher", "year"), ("doi", "pmid"),
        ("url", "accessed_on"),
    )  # fmt: skip
    verbose_name_plural = "references (numbered in this order; cite them in the body as [@marker])"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class CorrectionInline(admin.TabularInline):
    model = Correction
    formset = RowsKeptWhenAbsentFormSet
    extra = 0
    fields = ("noted_on", "kind", "text")
    verbose_name_plural = "corrections and updates (shown at the top of the article, newest first)"


class ReviewInline(admin.TabularInline):
    """Past reviews, read only: a review is recorded with "Record a medical review"."""

    model = Review
    formset = RowsKeptWhenAbsentFormSet
    extra = 0
    fields = ("reviewed_on", "reviewer", "note", "recorded_by", "recorded_at")
    readonly_fields = fields
    verbose_name_plural = "medical reviews (newest first)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Review due")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.review_due()
        return queryset


class RecordReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewed by",
        queryset=Person.objects.all(),
        help_text="Add the person under “People” first if they are not listed.",
    )
    reviewed_on = forms.DateField(
        label="Date of the review",
        initial=timezone.localdate,
        help_text="YYYY-MM-DD. Readers see the latest review's date.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the editors: what was checked or changed. Kept in the history.",
    )

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError("A review cannot be dated in the future.")
        return reviewed_on


class MedicalReviewAdminMixin:
    """For ArticleAdmin: the "Record a medical review" page and the review fields."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.record_review_view),
                name="blog_article_review",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="medical review")
    def medical_review(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article first."
        if obj.reviewer_id and obj.last_reviewed_on:
            shown = f"{obj.reviewer} on {obj.last_reviewed_on:%d %b %Y}"
        else:
            shown = "Not reviewed yet"
        return format_html(
            '{} · <a href="{}">Record a medical review</a>',
            shown,
            reverse("admin:blog_article_review", args=[obj.pk]),
        )

    def record_review_view(self, request, object_id):
        """GET: the form; POST: record the review (one action, logged) and go back."""
        if not can_publish(request.user):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, Article._meta, object_id)
        form = RecordReviewForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            article_record_review(article=article, by=request.user, **form.cleaned_data)
            self.message_user(request, "The medical review was recorded.", messages.SUCCESS)
            return redirect("admin:blog_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Record a medical review of “{article}”",
            "opts": Article._meta,
            "original": article,
            "form": form,
        }
        return TemplateResponse(request, "admin/blog/article/record_review.html", context)
