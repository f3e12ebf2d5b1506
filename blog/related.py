"""What an article page suggests next: related articles and its published neighbours."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from .models import Article

RELATED_LIMIT = 3


def related_articles(article, limit=RELATED_LIMIT):
    """Published articles sharing tags or the category with `article`, best match first.

    Ranked by the number of shared tags, then same category, then the newest. One query; reads
    `article.tags.all()`, which the detail view has prefetched.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    match = Q(category_id=article.category_id)
    shared_tags = Value(0)
    if tag_ids:
        match |= Q(
            pk__in=Article.tags.through.objects.filter(tag_id__in=tag_ids).values("article_id")
        )
        shared_tags = Count("tags", filter=Q(tags__in=tag_ids))
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(match)
        .select_related("category")
        .annotate(
            shared_tags=shared_tags,
            same_category=Case(
                When(category_id=article.category_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-shared_tags", "-same_category", "-published_at", "-id")[:limit]
    )


def neighbours(article):
    """(previous, next): the published articles just before and after `article` in time."""
    if article.published_at is None:
        return None, None
    published = Article.objects.published().exclude(pk=article.pk).only("title", "slug")
    at = article.published_at
    earlier = Q(published_at__lt=at) | Q(published_at=at, pk__lt=article.pk)
    later = Q(published_at__gt=at) | Q(published_at=at, pk__gt=article.pk)
    previous = published.filter(earlier).order_by("-published_at", "-pk").first()
    following = published.filter(later).order_by("published_at", "pk").first()
    return previous, following
