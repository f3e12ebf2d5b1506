import factory

from pages.models import FAQ, FAQSection, Page


class PageFactory(factory.django.DjangoModelFactory):
    """A published page, not in the footer unless asked."""

    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "An introduction.\n\n## A section\n\nSome text."
    meta_description = "What this page is about, in a sentence."
    is_published = True


class FAQSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQSection
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(lambda n: n)


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    section = factory.SubFactory(FAQSectionFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "The **answer**, with [a link](https://example.com)."
    order = factory.Sequence(lambda n: n)
