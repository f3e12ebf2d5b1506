from datetime import timedelta

import factory
from django.utils import timezone

from blog.models import Article, Category, Comment, Tag
from tests.accounts.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default; `ArticleFactory(draft=True)` or `scheduled=True`."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of the article for cards and search engines."
    body = "An introduction.\n\n## First section\n\nSome text.\n\n## Second section\n\nMore text."
    author = factory.SubFactory(UserFactory, is_staff=True)
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    """A visible comment; pass `parent=` for a reply (the article follows the parent)."""

    class Meta:
        model = Comment

    article = factory.LazyAttribute(
        lambda comment: comment.parent.article if comment.parent else ArticleFactory()
    )
    author = factory.SubFactory(UserFactory)
    parent = None
    body = factory.Sequence(lambda n: f"Comment number {n}: thank you for the article.")
    status = Comment.Status.VISIBLE
