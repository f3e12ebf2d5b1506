"""What an article page suggests next: related articles and its published neighbours."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import JSONObject

from .models import Article

RELATED_LIMIT = 3


def related_articles(article, limit=RELATED_LIMIT):
    """Published articles sharing tags or the category with `article`, best match first.

    Ranked by the number of shared tags, then same category, then the newest. One query: the
    article's tags are read inside it, so the page need not have loaded them.
    """
    tag_ids = Article.tags.through.objects.filter(article_id=article.pk).values("tag_id")
    sharing = Article.tags.through.objects.filter(tag_id__in=tag_ids).values("article_id")
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(Q(category_id=article.category_id) | Q(pk__in=sharing))
        .for_cards()
        .annotate(
            shared_tags=Count("tags", filter=Q(tags__in=tag_ids)),
            same_category=Case(
                When(category_id=article.category_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-shared_tags", "-same_category", "-published_at", "-id")[:limit]
    )


def neighbours(article):
    """(previous, next): the published articles just before and after `article` in time, as
    unsaved Articles with only a slug and a title, or None. One query.

    The plain bound on published_at in each subquery lets it start from the article's place in
    the publish-time index instead of walking the whole of it.
    """
    published = Article.objects.published().exclude(pk=OuterRef("pk"))
    at = OuterRef("published_at")
    earlier = published.filter(
        Q(published_at__lt=at) | Q(published_at=at, pk__lt=OuterRef("pk")), published_at__lte=at
    ).order_by("-published_at", "-pk")
    later = published.filter(
        Q(published_at__gt=at) | Q(published_at=at, pk__gt=OuterRef("pk")), published_at__gte=at
    ).order_by("published_at", "pk")
    link = JSONObject(slug="slug", title="title")
    found = (
        Article.objects.filter(pk=article.pk)
        .values_list(Subquery(earlier.values_list(link)[:1]), Subquery(later.values_list(link)[:1]))
        .get()
    )
    return tuple(Article(slug=one["slug"], title=one["title"]) if one else None for one in found)
