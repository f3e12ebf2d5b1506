"""Pages as readers the page cache steps aside for get them: every request runs the view, with
the `{% cache %}` fragments of the article page."""

from datetime import timedelta

from django.utils import timezone


def anonymous_with_session(client):
    """An anonymous reader the page cache steps aside for, as a member's request does."""
    client.cookies["sessionid"] = "no-such-session"
    return client


def html(client, url, status=200):
    """The page at `url`, rendered for this reader: never from the page cache (a member or a
    session; no X-Cache header at all with the cache off)."""
    response = client.get(url)
    assert response.status_code == status
    assert response.get("X-Cache", "MISS") == "MISS"
    return response.content.decode()


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)
