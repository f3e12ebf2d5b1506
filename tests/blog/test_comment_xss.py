"""Script-injection attempts posted as comments are shown as the text the member typed."""

import re
from html.parser import HTMLParser

import pytest

from blog.models import Comment
from tests.payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", {}))


def assert_shown_as_text(body_html, payload):
    inspector = _Inspector()
    inspector.feed(body_html)
    for tag, attrs in inspector.tags:
        assert tag in {"p", "br", "a"}, (tag, body_html)
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, body_html
            assert re.match(r"https?://", attrs["href"]), body_html
            assert attrs["rel"] == "nofollow ugc noopener"
    shown = re.sub(r"\s+", " ", "".join(inspector.text)).strip()
    assert shown == re.sub(r"\s+", " ", payload).strip()


def test_there_are_enough_payloads():
    assert len(set(XSS_PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_posted_as_comment_is_shown_as_text(client, member, payload):
    from tests.blog.factories import ArticleFactory

    article = ArticleFactory()
    client.force_login(member)
    response = client.post(article.get_absolute_url(), {"body": payload, "website": ""})
    assert response.status_code == 302, response.content.decode()[-2000:]
    comment = Comment.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    body = re.search(
        rf'id="comment-{comment.pk}">.*?<div class="comment__body">(.*?)</div>', html, re.S
    ).group(1)
    assert_shown_as_text(body, payload)
    # The page's only scripts are the site's own: enhancements from static files, and
    # structured data, which browsers never run.
    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    own = ('<script type="application/ld+json">',)
    assert all('src="/static/js/' in tag or tag in own for tag in scripts), scripts


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:10])
def test_payload_kept_in_the_form_after_a_refusal_is_escaped(client, member, payload):
    from tests.blog.factories import ArticleFactory

    article = ArticleFactory()
    client.force_login(member)
    response = client.post(article.get_absolute_url(), {"body": payload, "website": "robot"})
    assert response.status_code == 400
    html = response.content.decode()
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "<" not in textarea
