from django import forms

from .models import Comment


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


class CommentPostForm(CommentForm):
    """A new comment or reply, with a field only robots fill in (hidden by the stylesheet)."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
