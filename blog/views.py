"""Public reading views: every list and detail starts from `Article.objects.published()`."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .comment_views import CommentThreadMixin
from .models import Article, Bookmark, Category, CategoryFollow, Tag


class ArticleListMixin:
    """A paginated list of published articles, newest first, with what each card shows."""

    model = Article
    paginate_by = 10
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_ids"] = saved_article_ids(self.request.user, context["articles"])
        return context


def saved_article_ids(user, articles):
    """Which of `articles` the member saved, in one query (none for visitors)."""
    if not user.is_authenticated:
        return frozenset()
    ids = [article.pk for article in articles]
    return frozenset(
        Bookmark.objects.filter(user=user, article_id__in=ids).values_list("article_id", flat=True)
    )


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
        user = self.request.user
        following = (
            user.is_authenticated
            and CategoryFollow.objects.filter(user=user, category=self.category).exists()
        )
        return super().get_context_data(category=self.category, following=following, **kwargs)


class TagView(ArticleListMixin, ListView):
    """/tag/<slug>/: published articles carrying the tag."""

    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(CommentThreadMixin, DetailView):
    """One article from its stored HTML; drafts and scheduled ones are 404 except to staff.

    Its comment thread follows; a POST here posts a new comment (CommentThreadMixin).
    """

    model = Article
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_ids"] = saved_article_ids(self.request.user, [self.object])
        return context
