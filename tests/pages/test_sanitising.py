"""Page bodies, FAQ answers and questions reach readers inert, whatever an editor pastes."""

import re

import pytest
from django.urls import reverse

from tests.pages.factories import FAQFactory, PageFactory
from tests.payloads import XSS_PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db


def main(response):
    return re.search(r"<main\b.*?</main>", response.content.decode(), re.S).group(0)


def test_payload_list_is_long_enough_to_mean_something():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_page_body_is_sanitised(client, payload):
    page = PageFactory(body=f"Before.\n\n{payload}\n\nAfter.")
    assert_inert(page.body_html)
    response = client.get(page.get_absolute_url())
    assert page.body_html in response.content.decode()
    assert_inert(main(response))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_faq_answer_and_question_are_sanitised(client, payload):
    faq = FAQFactory(question=payload[:200], answer=f"An answer.\n\n{payload}")
    assert_inert(faq.answer_html)
    response = client.get(reverse("pages:faq"))
    assert_inert(main(response))
    head = response.content.decode().split("<body>")[0]
    # The JSON-LD and the site's own deferred scripts, nothing more.
    scripts = re.findall(r"<script\b[^>]*>", head)
    assert [s for s in scripts if "/static/js/" not in s] == ['<script type="application/ld+json">']


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_meta_description_and_title_are_escaped(client, payload):
    page = PageFactory(title=payload[:120], meta_description=payload[:200])
    content = client.get(page.get_absolute_url()).content.decode()
    head = content.split("<body>")[0]
    assert re.findall(r"<script\b[^>]*>", head) == ['<script src="/static/js/save.js" defer>']
    assert_inert(main(client.get(page.get_absolute_url())))


@pytest.mark.parametrize(
    "html",
    [
        "<script>x</script>",
        '<img src="x" onerror="y">',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="DATA:text/html,x">x</a>',
        '<p style="color: red">x</p>',
        "<svg></svg>",
        "<iframe></iframe>",
    ],
)
def test_assert_inert_catches_dangerous_html(html):
    with pytest.raises(AssertionError):
        assert_inert(html)


def test_assert_inert_accepts_safe_html_and_escaped_text():
    assert_inert(
        '<p>Text &lt;script&gt; onclick=x javascript:alert(1)</p><a href="https://e.org">a</a>'
        '<td style="text-align: center">1</td><pre><code>&lt;svg onload=x&gt;</code></pre>'
    )
