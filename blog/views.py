"""Public reading views: every list and detail starts from `Article.objects.published()`."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .conditional import LastModifiedMixin
from .models import Article, Category, Tag


class ArticleListMixin(LastModifiedMixin):
    """A paginated list of published articles, newest first, with what each card shows."""

    model = Article
    paginate_by = 10
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_cards()


class HomeView(ArticleListMixin, ListView):
    """The front page: the newest published articles; page 2 onwards lives at the archive."""

    template_name = "blog/home.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset()[:7]


class ArticleListView(ArticleListMixin, ListView):
    """/articles/: every published article, ten to a page."""


class CategoryView(ArticleListMixin, ListView):
    """/category/<slug>/: the category's description and its published articles."""

    template_name = "blog/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagView(ArticleListMixin, ListView):
    """/tag/<slug>/: published articles carrying the tag."""

    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(LastModifiedMixin, DetailView):
    """One article from its stored HTML; drafts and scheduled ones are 404 except to staff."""

    model = Article
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("author", "category")
            .prefetch_related("tags")
        )
