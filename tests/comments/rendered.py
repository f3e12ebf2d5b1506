"""The article page as a reader gets it, and one comment's part of it."""

import re


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def comment_block(html, comment):
    """The HTML of one comment's <article> element."""
    match = re.search(
        rf'<article class="[^"]*" id="comment-{comment.pk}">(.*?)</article>', html, re.S
    )
    assert match, f"comment {comment.pk} is not on the page"
    return match.group(1)
