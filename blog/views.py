"""Public reading views: every list and detail starts from `Article.objects.published()`."""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from .cache import once, paginated, shared
from .comment_views import CommentThreadMixin
from .conditional import LastModifiedMixin
from .models import Article, Bookmark, Category, CategoryFollow, Tag
from .related import neighbours, related_articles
from .search import MAX_QUERY_LENGTH, clean_query, search_articles
from .seo import article_structured_data


class SharedPaginator(Paginator):
    """A Paginator for a list that is the same for every reader: its count and each of its
    pages are read once per content version (blog.cache.shared) under `key`, not once per
    request. Only pages that exist are kept: a page number out of range is a 404 as before."""

    def __init__(self, key, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    @cached_property
    def count(self):
        return shared(f"{self.key}:count", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        articles = shared(
            f"{self.key}:page:{number}", lambda: list(Paginator.page(self, number).object_list)
        )
        return self._get_page(articles, number, self)


class ArticleListMixin(LastModifiedMixin):
    """A paginated list of published articles, newest first, with what each card shows.

    A view whose list is the same for everyone names it in `list_key()`: its count and pages
    are then shared (SharedPaginator), and a member's request reads only their saved state.
    """

    model = Article
    paginate_by = 10
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def list_key(self):
        """What tells this list from every other, or None if it is not to be shared."""
        return None

    def paginate_queryset(self, queryset, page_size):
        paginated(self.request)  # this page's ?page= picks what it shows (blog.cache)
        return super().paginate_queryset(queryset, page_size)

    def get_paginator(self, queryset, per_page, **kwargs):
        key = self.list_key()
        if key is None:
            return super().get_paginator(queryset, per_page, **kwargs)
        return SharedPaginator(f"article-list:{key}", queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_ids"] = saved_article_ids(self.request.user, context["articles"])
        context["list_key"] = self.list_key()  # a visitor's cards are shared by it
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
    # Fills two rows of three cards (or three of two) on wide screens, with no card left over.
    latest_count = 6

    def get_queryset(self):
        latest = super().get_queryset()[: self.latest_count]
        return shared(f"article-list:{self.list_key()}", lambda: list(latest))

    def list_key(self):
        return "home"


class ArticleListView(ArticleListMixin, ListView):
    """/articles/: every published article, ten to a page."""

    def list_key(self):
        return "all"


class CategoryView(ArticleListMixin, ListView):
    """/category/<slug>/: the category's description and its published articles."""

    template_name = "blog/category_detail.html"

    def get_queryset(self):
        slug = self.kwargs["slug"]
        self.category = shared(f"category:{slug}", lambda: get_object_or_404(Category, slug=slug))
        return super().get_queryset().filter(category=self.category)

    def list_key(self):
        return f"category:{self.category.pk}"

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
        slug = self.kwargs["slug"]
        self.tag = shared(f"tag:{slug}", lambda: get_object_or_404(Tag, slug=slug))
        return super().get_queryset().filter(tags=self.tag)

    def list_key(self):
        return f"tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


ARTICLE_PAGE_FIELDS = [
    *(
        field.name
        for field in Article._meta.concrete_fields
        if field.name not in ("body", "body_text")
    ),
    # of the author, what public_name and the byline link read
    *(
        f"author__{name}"
        for name in ("username", "display_name", "first_name", "last_name", "is_active")
    ),
    "category__name",
    "category__slug",
]


class ArticleDetailView(LastModifiedMixin, CommentThreadMixin, DetailView):
    """One article from its stored HTML; drafts and scheduled ones are 404 except to staff.

    Its comment thread follows; a POST here posts a new comment (CommentThreadMixin).
    """

    model = Article
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("author", "category")
            # The Markdown source and plain text are for editing and search; of the author,
            # only what the page shows (the article may be kept in the cache: see get()).
            .only(*ARTICLE_PAGE_FIELDS)
        )

    def get(self, request, *args, **kwargs):
        """Render the article, or answer 301 from an address it had while public."""
        try:
            if request.user.is_staff:  # they may preview drafts: their view is their own
                self.object = self.get_object()
            else:  # the same published article for everyone, read once per content version
                self.object = shared(f"article:{kwargs['slug']}", self.get_object)
        except Http404:
            moved = (
                Article.objects.visible_to(request.user)
                .filter(slug_redirects__old_slug=kwargs["slug"])
                .only("slug")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        # Everything below but the saved state is read only by shared fragments of the page
        # (blog.cache.shared): the template calls these the first time it needs them, so a
        # page whose fragments are in the cache reads nothing but the reader's own state.
        article = self.object

        @once
        def tags():
            prefetch_related_objects([article], "tags")  # then article.tags.all() is free
            return article.tags.all()

        @once
        def structured_data():
            tags()
            return article_structured_data(article)

        nav = once(lambda: neighbours(article))

        def find_related():
            tags()  # related_articles() reads them
            return related_articles(article)

        @once
        def related():  # the same list for everyone: members' cards differ only in Save
            return shared(f"related-articles:{article.pk}", find_related)

        @once
        def saved_ids():  # for the Save buttons on the article and on its related cards
            user = self.request.user
            return saved_article_ids(user, [article, *related()]) if user.is_authenticated else ()

        return super().get_context_data(
            # The page's <head> shows the article and nothing of the request: shared (base.html).
            head_key=f"article:{article.pk}:{article.is_public}",
            tags=tags,
            related=related,
            structured_data=structured_data,
            previous_article=lambda: nav()[0],
            next_article=lambda: nav()[1],
            saved_ids=saved_ids,
            **kwargs,
        )


class SearchView(ArticleListMixin, ListView):
    """/search/?q=…: published articles matching the words, best match first, with snippets."""

    template_name = "blog/search.html"

    def get_queryset(self):
        self.query, self.truncated = clean_query(self.request.GET.get("q", ""))
        return search_articles(self.query) if self.query else []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search_query=self.query,
            truncated=self.truncated,
            max_query_length=MAX_QUERY_LENGTH,
            pagination_query=f"{urlencode({'q': self.query})}&" if self.query else "",
            **kwargs,
        )


class AuthorView(ArticleListMixin, ListView):
    """/authors/<username>/: an author's published articles; 404 for anyone without one."""

    template_name = "blog/author_detail.html"
    allow_empty = False

    def get_queryset(self):
        User = get_user_model()
        username = self.kwargs["username"]
        if "\x00" in username:  # no username has one, and PostgreSQL refuses to compare it
            raise Http404
        self.author = get_object_or_404(User, is_active=True, **{User.USERNAME_FIELD: username})
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
