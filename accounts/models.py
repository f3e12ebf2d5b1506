import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower

from .validators import validate_display_name


def avatar_upload_to(instance, filename):
    """Avatars are stored under a random name; the uploader's file name is never kept."""
    return f"avatars/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class User(AbstractUser):
    """A member of the site; staff members are the editors and authors."""

    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        "display name",
        max_length=80,
        blank=True,
        validators=[validate_display_name],
        help_text="The name shown beside your articles and comments: one line, no web address.",
    )
    bio = models.TextField(
        "short bio",
        max_length=300,
        blank=True,
        help_text="A sentence or two about you, in plain text. At most 300 characters.",
    )
    website = models.URLField(
        "website",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Shown on your author page, if you write for the site. An http(s) address.",
    )
    avatar = models.ImageField(
        "avatar",
        upload_to=avatar_upload_to,
        blank=True,
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB. Cropped square and made smaller.",
    )
    email_verified_at = models.DateTimeField(
        "e-mail verified at",
        null=True,
        blank=True,
        help_text="When the member confirmed the e-mail address; empty until then.",
    )

    pending_email = models.EmailField(
        "new e-mail address, awaiting confirmation",
        blank=True,
        help_text="The address the member asked to change to; it replaces the current one only "
        "when the link sent to it is opened.",
    )
    pending_email_requested_at = models.DateTimeField(
        "change of e-mail asked at", null=True, blank=True
    )

    notify_on_reply = models.BooleanField(
        "e-mail me when someone replies to my comments", default=True
    )
    notify_on_follow = models.BooleanField(
        "e-mail me about new articles in the topics and from the authors I follow", default=True
    )
    follow_frequency = models.CharField(
        "how often to e-mail me about followed topics and authors",
        max_length=7,
        choices=[
            ("instant", "Each new article, as it is published"),
            ("daily", "A daily digest"),
            ("weekly", "A weekly digest (Mondays)"),
        ],
        default="instant",
    )
    notify_on_comment = models.BooleanField(
        "e-mail me about new comments on my articles", default=True
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_verified(self):
        return self.email_verified_at is not None
