from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages and FAQs"

    def ready(self):
        from core.cache import watch

        from .models import FAQ, FAQSection, Page

        # Pages and FAQs show on public pages (the footer on every one).
        for model in (Page, FAQ, FAQSection):
            watch(model)
