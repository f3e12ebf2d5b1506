from django import forms

from .images import CONTENT_TYPES, clean_image
from .models import Article, Comment
from .services import can_publish


class ImageUploadField(forms.FileField):
    """An image upload whose every check is clean_image(), called from the form's clean_<field>.

    forms.ImageField would first open the file with Pillow itself, before our byte limit and with
    its own generic wording; this way each upload gets the same limits and reasons.
    """

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ",".join(sorted(CONTENT_TYPES))}


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


class CommentForm(forms.Form):
    """The text of a comment; used to edit one."""

    body = forms.CharField(
        label="Your comment",
        max_length=Comment.MAX_LENGTH,
        help_text="Plain text, up to 5,000 characters. Web addresses become links.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write your comment before posting.",
            "max_length": "A comment can be at most %(limit_value)d characters; this one has "
            "%(show_value)d.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["aria-describedby"] = f"{self['body'].auto_id}_help"

    @property
    def shared_key(self):
        """What the fields of a blank form look like depends on, for sharing their HTML between
        members (blog/includes/comment_form.html); None once the form holds anything of its
        own: a member's text, an initial value, errors or a prefix."""
        if self.is_bound or self.initial or self.prefix:
            return None
        return f"{type(self).__name__}:{self.auto_id}"


class CommentPostForm(CommentForm):
    """A new comment or reply, with a field only robots fill in (hidden by the stylesheet)."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
