from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from .models import FAQ, FAQSection, Page

MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = (
        "title", "slug", "is_published", "show_in_footer", "footer_order", "updated_at",
        "view_link",
    )  # fmt: skip
    list_editable = ("footer_order",)
    list_filter = ("is_published", "show_in_footer")
    search_fields = ("title", "slug", "body")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "meta_description", "body")}),
        ("Publishing", {"fields": ("is_published", "show_in_footer", "footer_order")}),
    )
    formfield_overrides = MARKDOWN_EDITOR

    @admin.display(description="on site")
    def view_link(self, obj):
        label = "View" if obj.is_published else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)


@admin.register(FAQSection)
class FAQSectionAdmin(admin.ModelAdmin):
    list_display = ("title", "order", "faq_count")
    list_editable = ("order",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(faq_count=Count("faqs"))

    @admin.display(description="questions", ordering="faq_count")
    def faq_count(self, obj):
        return obj.faq_count


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ("question", "section", "order", "is_published", "anchor", "updated_at")
    list_editable = ("order", "is_published")
    list_filter = ("section", "is_published")
    list_select_related = ("section",)
    search_fields = ("question", "answer", "anchor")
    fields = ("section", "question", "answer", "order", "is_published", "anchor")
    formfield_overrides = MARKDOWN_EDITOR
