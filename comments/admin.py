from django.contrib import admin, messages

from .models import Comment
from .services import comment_moderate, is_moderator


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Moderation: readers' text is shown, never edited here; moderators change the status."""

    list_display = ("excerpt", "author", "article", "status", "created_at", "is_deleted")
    list_filter = ("status", "is_deleted", ("article", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("author", "article")
    search_fields = (
        "body", "author__username", "author__email", "author__display_name", "article__title",
    )  # fmt: skip
    date_hierarchy = "created_at"
    actions = ("approve_selected", "hide_selected", "mark_spam_selected")
    fields = (
        "article", "author", "parent", "body", "status", "created_at", "edited_at",
        "is_deleted", "deleted_at",
    )  # fmt: skip
    readonly_fields = (
        "article", "author", "parent", "body", "created_at", "edited_at", "is_deleted",
        "deleted_at",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Status is the only field moderators change; the service sends any reply e-mail.
        if "status" in form.changed_data:
            comment_moderate(
                comments=Comment.objects.filter(pk=obj.pk), status=obj.status, by=request.user
            )

    @admin.display(description="comment")
    def excerpt(self, obj):
        return str(obj)

    def _moderate(self, request, queryset, status, verb):
        count = comment_moderate(comments=queryset, status=status, by=request.user)
        self.message_user(request, f"{verb} {count} comment(s).", messages.SUCCESS)

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.VISIBLE, "Approved")

    @admin.action(description="Hide selected comments", permissions=["moderate"])
    def hide_selected(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.HIDDEN, "Hid")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam_selected(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.SPAM, "Marked as spam")
