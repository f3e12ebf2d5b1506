import pytest

from tests.blog.factories import ArticleFactory


@pytest.fixture
def article(db):
    return ArticleFactory(title="Acupuncture and back pain")
