"""Policy pages and the FAQ: each read from its stored, sanitised HTML."""

from itertools import groupby
from operator import attrgetter

from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from core.seo import json_ld

from .models import FAQ, Page
from .structured_data import faq_page


class PageDetailView(DetailView):
    """/<slug>/: one page; unpublished ones are 404 except to Editors, who see a preview that
    no cache keeps (`Page.objects.visible_to`).

    Renders `pages/<slug>.html` when such a template exists, `pages/page_detail.html` otherwise.
    """

    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response

    def get_template_names(self):
        return [f"pages/{self.object.slug}.html", "pages/page_detail.html"]

    def get_context_data(self, **kwargs):
        # The footer marks its link to this page (pages.context_processors.footer).
        return super().get_context_data(footer_current=self.request.path, **kwargs)


class FAQListView(ListView):
    """/faq/: published questions grouped by section, with FAQPage structured data."""

    context_object_name = "faqs"
    template_name = "pages/faq.html"

    def get_queryset(self):
        return FAQ.objects.for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        faqs = list(context["faqs"])
        context["sections"] = [
            (section, list(entries))
            for section, entries in groupby(faqs, key=attrgetter("section"))
        ]
        context["structured_data"] = json_ld(faq_page(faqs)) if faqs else ""
        context["footer_current"] = self.request.path  # the footer marks its FAQ link
        return context
