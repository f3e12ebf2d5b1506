from django import forms

from core.images import ImageUploadField, clean_image

from .models import Article
from .services import can_publish


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: cleans the cover image and keeps Authors from publishing."""

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "cover", "cover_alt", "category", "tags",
            "status", "published_at", "author", "comments_open",
        ]  # fmt: skip
        field_classes = {"cover": ImageUploadField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not can_publish(user) and "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] != Article.Status.PUBLISHED
            ]

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and "cover" in self.changed_data:
            return clean_image(cover)
        return cover

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.PUBLISHED and not can_publish(self.user):
            raise forms.ValidationError("Only editors can publish. Submit the article for review.")
        return status
