"""What an article page suggests next: related articles and its published neighbours."""

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    JSONField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import JSONObject

from .models import Article, published_condition

RELATED_LIMIT = 3
# Candidates: the newest this many published articles sharing a tag with the article.
RELATED_CANDIDATES = 200


def related_articles(article, *, tag_ids=None, limit=RELATED_LIMIT):
    """Published articles sharing tags with `article`, best match first, topped up with the
    newest of its category: one query.

    Ranked by the number of shared tags, then same category, then the newest. Tag matches are
    looked for among the newest RELATED_CANDIDATES articles that share a tag: an index walk
    from the newest that stops early, so the ranking never counts through the whole of a
    popular tag (with 100,000 articles a tag is on thousands). `tag_ids`, the article's tags'
    ids when the caller has them, spares a subquery.
    """
    Link = Article.tags.through
    if tag_ids is None:
        tag_ids = Link.objects.filter(article_id=article.pk).values("tag_id")
    # Both subqueries are of published articles other than this one, so the outer query needs
    # neither condition again: every filter, lookup and clone is paid for on each page view.
    sharing_a_tag = (
        Link.objects.filter(
            published_condition(prefix="article__"), ~Q(article_id=article.pk), tag_id__in=tag_ids
        )
        .order_by("-article__published_at", "-article_id")
        .values("article_id")[:RELATED_CANDIDATES]
    )
    newest_in_category = (
        Article.objects.filter(
            published_condition(), ~Q(pk=article.pk), category_id=article.category_id
        )
        .order_by("-published_at", "-id")
        .values("pk")[:limit]
    )
    same_category = ExpressionWrapper(
        Q(category_id=article.category_id), output_field=BooleanField()
    )
    # One list of candidates (a UNION, not an OR of the two: with the OR, PostgreSQL walked
    # every article to test each against both lists, 41 ms at 100,000 articles).
    candidates = (
        Article.objects.filter(pk__in=sharing_a_tag)
        .order_by()
        .values("pk")
        .union(Article.objects.filter(pk__in=newest_in_category).order_by().values("pk"))
    )
    return list(
        Article.objects.filter(pk__in=candidates)
        .for_cards()
        .annotate(shared_tags=Count("tags", filter=Q(tags__in=tag_ids)))
        .order_by("-shared_tags", same_category.desc(), "-published_at", "-id")[:limit]
    )


def with_neighbours(articles):
    """`articles` with the published article just before and just after each in time, as
    `previous` and `next` ({"slug": …, "title": …}, or None), in the same query.

    The plain bound on published_at in each subquery lets it start from the article's place in
    the publish-time index instead of walking the whole of it; with it, "earlier" is an earlier
    time or the same time and a smaller id (which also leaves the article itself out).
    """
    published = Article.objects.filter(published_condition())
    at, pk = OuterRef("published_at"), OuterRef("pk")
    earlier = published.filter(
        Q(published_at__lt=at) | Q(pk__lt=pk), published_at__lte=at
    ).order_by("-published_at", "-pk")
    later = published.filter(Q(published_at__gt=at) | Q(pk__gt=pk), published_at__gte=at).order_by(
        "published_at", "pk"
    )
    link = JSONObject(slug="slug", title="title")
    return articles.annotate(
        previous=Subquery(earlier.values(link=link)[:1], output_field=JSONField()),
        next=Subquery(later.values(link=link)[:1], output_field=JSONField()),
    )
