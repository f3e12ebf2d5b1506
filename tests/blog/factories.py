from datetime import timedelta

import factory
from django.utils import timezone

from blog.models import Article, Category, Correction, Person, Reference, Tag
from blog.services import article_save
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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the admin saves it (blog.services.article_save): renditions, redirects."""
        return article_save(article=model_class(*args, **kwargs))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Reviewer {n}")
    slug = factory.Sequence(lambda n: f"reviewer-{n}")
    credentials = "MD"
    job_title = "Consultant in pain medicine"
    same_as = "https://example.org/register/1"


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A reference with example identifiers: well-formed, pointing at nothing real."""

    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"ref-{n}")
    authors = "Example A, Sample B"
    title = factory.Sequence(lambda n: f"An example study {n}")
    publisher = "Journal of Examples"
    year = 2020
    doi = factory.Sequence(lambda n: f"10.5555/example.{n}")
    url = ""


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    kind = Correction.Kind.CORRECTION
    text = "Corrected the number of sessions."
