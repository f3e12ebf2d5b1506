"""Script-injection attempts posted as comments are shown as the text the member typed.

(A shared payload list is being written elsewhere; this one is local until the two are merged.)
"""

import re
from html.parser import HTMLParser

import pytest

from blog.models import Comment

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "javascript:alert(document.cookie)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</p></article><script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "https://example.org/'><img src=x onerror=alert(1)>",
    "http://example.org/?q=<svg/onload=alert(1)>",
    "{{ 7|add:7 }} {% now 'Y' %}",
    "${alert(1)}",
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    '<a href="&#106;avascript:alert(1)">x</a>',
]


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
    # The page's only script is the comments enhancement, loaded from static files.
    assert re.findall(r"<script\b[^>]*>", html, re.I) == [
        '<script src="/static/js/comments.js" defer>'
    ]


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
