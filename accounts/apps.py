from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from core.cache import watch

        from .models import User

        # Public pages show a member's name and avatar on bylines and comments, link active
        # authors, and show an author's bio and website on their page.
        watch(
            User,
            fields=[
                "username",
                "display_name",
                "first_name",
                "last_name",
                "is_active",
                "avatar",
                "bio",
                "website",
            ],
        )

        from comments.signals import comment_published

        from .comment_notices import on_comment_published

        comment_published.connect(on_comment_published, dispatch_uid="accounts.comment-mail")


class TwoFactorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site also asks staff for the two-factor step."""

    default = False
    default_site = "accounts.admin_site.TwoFactorAdminSite"
