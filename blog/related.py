"""What an article page suggests next: related articles and its published neighbours."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When

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
        .for_cards()
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


def with_neighbours(queryset):
    """Annotate each article with the slug and title of its published neighbours in time.

    Scalar subqueries in the article's own query, so the page needs no query of its own for
    its previous/next links; `neighbours()` reads them back.
    """
    published = Article.objects.published().exclude(pk=OuterRef("pk"))
    at = OuterRef("published_at")
    earlier = published.filter(
        Q(published_at__lt=at) | Q(published_at=at, pk__lt=OuterRef("pk"))
    ).order_by("-published_at", "-pk")
    later = published.filter(
        Q(published_at__gt=at) | Q(published_at=at, pk__gt=OuterRef("pk"))
    ).order_by("published_at", "pk")
    return queryset.annotate(
        previous_slug=Subquery(earlier.values("slug")[:1]),
        previous_title=Subquery(earlier.values("title")[:1]),
        next_slug=Subquery(later.values("slug")[:1]),
        next_title=Subquery(later.values("title")[:1]),
    )


def neighbours(article):
    """(previous, next): the published articles just before and after `article` in time,
    from the annotations `with_neighbours()` put on it."""
    return tuple(
        Article(slug=slug, title=title) if slug else None
        for slug, title in (
            (article.previous_slug, article.previous_title),
            (article.next_slug, article.next_title),
        )
    )
