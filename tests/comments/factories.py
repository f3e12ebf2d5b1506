import factory

from comments.models import Comment
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory


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
