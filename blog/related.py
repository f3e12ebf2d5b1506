"""What an article page suggests next: related articles and its published neighbours."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from .models import Article

RELATED_LIMIT = 3
# Candidates: the newest this many published articles sharing a tag with the article.
RELATED_CANDIDATES = 200


def related_articles(article, limit=RELATED_LIMIT):
    """Published articles sharing tags with `article`, best match first, topped up from its
    category when fewer than `limit` do.

    Ranked by the number of shared tags, then same category, then the newest, among the newest
    RELATED_CANDIDATES articles that share a tag: an index walk from the newest that stops
    early, so the ranking never counts through the whole of a popular tag (with 100,000
    articles a tag is on thousands). Reads `article.tags.all()` (prefetched, or one query),
    then one query, and one more to top up.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    others = Article.objects.published().exclude(pk=article.pk)
    found = []
    if tag_ids:
        Link = Article.tags.through
        candidates = (
            Link.objects.filter(tag_id__in=tag_ids)
            .filter(
                # published() through the link: the window holds only what may be shown
                article__status=Article.Status.PUBLISHED,
                article__published_at__lte=timezone.now(),
            )
            .exclude(article_id=article.pk)
            .order_by("-article__published_at", "-article_id")
            .values("article_id")[:RELATED_CANDIDATES]
        )
        found = list(
            others.filter(pk__in=candidates)
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
    if len(found) < limit:
        found += (
            others.filter(category_id=article.category_id)
            .exclude(pk__in=[shown.pk for shown in found])
            .for_cards()
            .order_by("-published_at", "-id")[: limit - len(found)]
        )
    return found


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
    found = (
        Article.objects.filter(pk=article.pk)
        .values_list(
            Subquery(earlier.values("slug")[:1]),
            Subquery(earlier.values("title")[:1]),
            Subquery(later.values("slug")[:1]),
            Subquery(later.values("title")[:1]),
        )
        .get()
    )
    return tuple(
        Article(slug=slug, title=title) if slug else None for slug, title in (found[:2], found[2:])
    )
