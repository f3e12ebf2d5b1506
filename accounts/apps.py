from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from core.cache import watch

        from .models import User

        # Public pages show a member's name on bylines and comments and link active authors.
        watch(User, fields=["username", "display_name", "first_name", "last_name", "is_active"])
