"""Policy pages and the FAQ page as readers and staff see them."""

import json
import re

import pytest
from django.urls import reverse

from tests.pages.factories import FAQFactory, FAQSectionFactory, PageFactory

pytestmark = pytest.mark.django_db


def main(response):
    return re.search(r"<main\b.*?</main>", response.content.decode(), re.S).group(0)


def structured_data(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_published_page_shows_title_body_meta_description_and_last_updated(client):
    page = PageFactory(
        title="Privacy Policy",
        slug="privacy",
        body="## Cookies\n\nOnly the ones we need.",
        meta_description="What we store and why.",
    )
    response = client.get("/privacy/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-title">Privacy Policy</h1>' in content
    assert '<h2 id="h-cookies">Cookies</h2>' in content
    assert '<meta name="description" content="What we store and why.">' in content
    assert "<title>Privacy Policy · Folio</title>" in content
    assert (
        f'Last updated <time datetime="{page.updated_at:%Y-%m-%dT%H:%M:%S%z}">'
        f"{page.updated_at:%-d %B %Y}</time>"
    ) in content
    assert "only editors can see this preview" not in content


def test_unknown_page_is_404(client):
    assert client.get("/no-such-page/").status_code == 404


def test_unpublished_page_is_404_to_visitors_and_members(client, member):
    page = PageFactory(is_published=False)
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_staff_preview_unpublished_page_with_notice(client, editor):
    page = PageFactory(title="Draft policy", is_published=False)
    client.force_login(editor)
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "Draft policy" in response.content.decode()
    assert "Unpublished: only editors can see this preview." in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_an_author_gets_404_for_an_unpublished_page(client, author):
    """Authors write articles; pages are the Editors', and so are their previews."""
    page = PageFactory(title="Draft policy", is_published=False)
    client.force_login(author)
    response = client.get(page.get_absolute_url())
    assert response.status_code == 404
    assert "Draft policy" not in response.content.decode()


def test_long_page_gets_a_table_of_contents(client):
    page = PageFactory(body="## One\n\na\n\n## Two\n\nb\n\n## Three\n\nc")
    content = client.get(page.get_absolute_url()).content.decode()
    assert '<li><a href="#h-two">Two</a></li>' in content


def test_faq_page_groups_questions_by_section_in_the_editors_order(client):
    later = FAQSectionFactory(title="Privacy", order=2)
    first = FAQSectionFactory(title="Accounts", order=1)
    FAQFactory(section=later, question="Do you track me?", order=1)
    FAQFactory(section=first, question="How do I reset my password?", order=2)
    FAQFactory(section=first, question="How do I sign up?", order=1)

    content = main(client.get(reverse("pages:faq")))
    positions = [
        content.index(text)
        for text in (
            f'<h2 id="{first.html_id}">Accounts</h2>',
            "How do I sign up?",
            "How do I reset my password?",
            f'<h2 id="{later.html_id}">Privacy</h2>',
            "Do you track me?",
        )
    ]
    assert positions == sorted(positions)


def test_each_faq_is_a_disclosure_with_its_anchor(client):
    faq = FAQFactory(question="What is the Management Center?", answer="Your account's home.")
    content = client.get(reverse("pages:faq")).content.decode()
    assert (
        '<details class="faq" id="what-is-the-management-center">\n'
        "              <summary>What is the Management Center?</summary>"
    ) in content
    assert f'<a href="#{faq.anchor}">Link to this answer</a>' in content
    assert "<p>Your account's home.</p>" in content


def test_faq_page_leaves_out_unpublished_questions(client):
    FAQFactory(question="Shown question?")
    FAQFactory(question="Hidden question?", is_published=False)
    content = main(client.get(reverse("pages:faq")))
    assert "Shown question?" in content
    assert "Hidden question?" not in content


def test_faq_json_ld_parses_and_lists_every_published_faq(client):
    published = [
        FAQFactory(question=f"Question {n}?", answer=f"Answer *{n}* & more.") for n in range(3)
    ]
    FAQFactory(question="Unpublished?", is_published=False)

    data = structured_data(client.get(reverse("pages:faq")))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "name": faq.question,
            "acceptedAnswer": {"@type": "Answer", "text": faq.answer_html},
        }
        for faq in published
    ]


def test_faq_json_ld_cannot_close_its_script_element(client):
    FAQFactory(question="</script><script>alert(1)</script><!--", answer="</script> & <b>x</b>")
    response = client.get(reverse("pages:faq"))
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    data = structured_data(response)
    assert data["mainEntity"][0]["name"] == "</script><script>alert(1)</script><!--"


def test_faq_page_without_questions_says_so_and_has_no_structured_data(client):
    content = client.get(reverse("pages:faq")).content.decode()
    assert "No questions have been answered here yet." in content
    assert "application/ld+json" not in content


def test_faq_page_loads_its_script_from_a_file(client):
    FAQFactory()
    content = client.get(reverse("pages:faq")).content.decode()
    assert '<script src="/static/js/faq.js" defer></script>' in content
