import pytest

from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory


@pytest.fixture
def reader(client):
    """A reader the page cache steps aside for (an unknown session): every page is rendered,
    with the `{% cache %}` fragments of the article page."""
    client.cookies["sessionid"] = "no-such-session"
    return client


@pytest.fixture
def articles(db):
    """One article in each state of visibility, in one category with one tag."""
    category, tag = CategoryFactory(), TagFactory()
    return {
        "public": ArticleFactory(title="Public piece", category=category, tags=[tag]),
        "draft": ArticleFactory(title="Draft piece", draft=True, category=category, tags=[tag]),
        "scheduled": ArticleFactory(
            title="Scheduled piece", scheduled=True, category=category, tags=[tag]
        ),
        "review": ArticleFactory(
            title="Review piece", status="review", published_at=None, category=category
        ),
    }
