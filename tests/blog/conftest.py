import pytest

from tests.blog.rendered import anonymous_with_session


@pytest.fixture
def reader(client):
    """A reader the page cache steps aside for (an unknown session): every page is rendered."""
    return anonymous_with_session(client)
