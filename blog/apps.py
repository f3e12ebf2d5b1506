from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Publishing"

    def ready(self):
        from django.db.models.functions import Now

        from core.cache import watch, watch_schedule

        from .models import (
            Article,
            Category,
            Correction,
            Person,
            Reference,
            SiteDisclaimer,
            SlugRedirect,
            Tag,
        )

        # Everything a public page shows of blog's (core/cache.py); a scheduled article goes
        # live without a write.
        for model in (
            Article,
            Category,
            Tag,
            SlugRedirect,
            Person,
            Reference,
            Correction,
            SiteDisclaimer,
        ):
            watch(model)
        watch_schedule(Article.objects.scheduled(now=Now()).values("published_at"))
