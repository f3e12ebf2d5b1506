"""Public reading views: every list and detail starts from `Article.objects.published()`."""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from core.conditional import LastModifiedMixin

from .health import cited_references, disclaimer, notes
from .models import Article, Bookmark, Category, Person
from .related import related_articles, with_neighbours
from .search import MAX_QUERY_LENGTH, clean_query, search_articles
from .services import is_following
from .structured_data import (
    article_structured_data,
    author_structured_data,
    person_structured_data,
)


def saved_article_ids(user, articles):
    """Which of `articles` the member saved, in one query (none for visitors)."""
    if not user.is_authenticated:
        return frozenset()
    ids = [article.pk for article in articles]
    return frozenset(
        Bookmark.objects.filter(user=user, article_id__in=ids).values_list("article_id", flat=True)
    )


class ArticleListMixin(LastModifiedMixin):
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


class HomeView(ArticleListMixin, ListView):
    """The front page: the newest published articles; page 2 onwards lives at the archive."""

    template_name = "blog/home.html"
    paginate_by = None
    # Fills two rows of three cards (or three of two) on wide screens, with no card left over.
    latest_count = 6

    def get_queryset(self):
        return super().get_queryset()[: self.latest_count]


class ArticleListView(ArticleListMixin, ListView):
    """/articles/: every published article, ten to a page."""

    extra_context = {"nav_section": "list"}


class TaxonomyView(ArticleListMixin, ListView):
    """/category/<slug>/ and /tag/<slug>/: the term (a Category or a Tag, `taxonomy` in
    urls.py), its published articles, and whether the member follows the term."""

    template_name = "blog/taxonomy_detail.html"
    taxonomy = None

    def get_queryset(self):
        self.term = get_object_or_404(self.taxonomy, slug=self.kwargs["slug"])
        return super().get_queryset().filter(**{self.taxonomy.article_field: self.term})

    def get_context_data(self, **kwargs):
        following = is_following(self.request.user, self.term)
        if self.taxonomy is Category:  # the header marks the category (blog.context_processors)
            kwargs.update(nav_section="category", nav_slug=self.term.slug)
        return super().get_context_data(term=self.term, following=following, **kwargs)


# Of an article, what its page shows: not the Markdown source nor the plain text for search.
ARTICLE_PAGE_FIELDS = [
    *(
        field.name
        for field in Article._meta.concrete_fields
        if field.name not in ("body", "body_text")
    ),
    *(
        f"author__{name}"
        for name in ("username", "display_name", "first_name", "last_name", "is_active")
    ),
    "category__name",
    "category__slug",
    *(f"category__{name}" for name in ("disclaimer", "disclaimer_text")),
    *(f"reviewer__{name}" for name in ("name", "slug", "credentials", "job_title", "same_as")),
    *(
        f"author__health_profile__{name}"
        for name in ("name", "slug", "credentials", "job_title", "same_as")
    ),
]


class ArticleDetailView(LastModifiedMixin, DetailView):
    """One article from its stored HTML, with its neighbours in time; drafts and scheduled ones
    are 404 except to their author and Editors (`visible_to`), who get a preview that no cache
    keeps. An address the article had while public answers 301.

    Its tags come in the same query (`with_tag_list`). The template reads related articles
    and structured data from the view (`view.related`): only when it renders the fragments
    that show them, so a member whose fragments are in the cache costs none of that work. The
    comment thread comes from the comments app's `{% comment_section %}`.
    """

    model = Article
    context_object_name = "article"

    def get_queryset(self):
        queryset = Article.objects.visible_to(self.request.user)
        queryset = queryset.select_related(
            "author__health_profile", "category", "reviewer"
        ).with_tag_list()
        queryset = queryset.with_health()
        return with_neighbours(queryset).only(*ARTICLE_PAGE_FIELDS)

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
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
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_public:  # a preview: no cache on the way may keep it
            add_never_cache_headers(response)
        return response

    @cached_property
    def tags(self):
        return sorted(self.object.tag_list or (), key=lambda tag: tag["name"])

    @cached_property
    def related(self):
        return related_articles(self.object, tag_ids=[tag["id"] for tag in self.tags])

    @cached_property
    def structured_data(self):
        return article_structured_data(self.object, tags=self.tags)

    @cached_property
    def health(self):
        """The review line's notes, the numbered references and the disclaimer (blog.health)."""
        return {
            "notes": notes(self.object),
            "references": cited_references(self.object),
            "disclaimer": disclaimer(self.object),
        }

    def get_context_data(self, **kwargs):
        saved_ids = saved_article_ids(self.request.user, [self.object])
        return super().get_context_data(saved_ids=saved_ids, **kwargs)


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

    def get_queryset(self):
        User = get_user_model()
        username = self.kwargs["username"]
        if "\x00" in username:  # no username has one, and PostgreSQL refuses to compare it
            raise Http404
        self.author = get_object_or_404(
            User.objects.select_related("health_profile"),
            is_active=True,
            **{User.USERNAME_FIELD: username},
        )
        return super().get_queryset().filter(author=self.author)

    @cached_property
    def structured_data(self):
        return author_structured_data(self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        if not context["paginator"].count:  # counted for the page anyway: no second query
            raise Http404("No published articles by this author.")
        context["following"] = is_following(self.request.user, self.author)
        return context


class PersonView(ArticleListMixin, ListView):
    """/people/<slug>/: a reviewer's or author's profile (credentials, bio, photo, links
    elsewhere) and the published articles they reviewed or wrote."""

    template_name = "blog/person_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("user"), slug=self.kwargs["slug"]
        )
        condition = Q(reviewer=self.person)
        if self.person.user_id:
            condition |= Q(author_id=self.person.user_id)
        return super().get_queryset().filter(condition)

    @cached_property
    def structured_data(self):
        return person_structured_data(self.person)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
