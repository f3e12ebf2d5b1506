"""The demo pages and FAQs: complete, true to the links they use, loaded once."""

import re

import pytest
from django.core.management import call_command

from pages.demo import load_pages
from pages.models import FAQ, FAQSection, Page
from tests.payloads import assert_inert

pytestmark = pytest.mark.django_db


def test_demo_loads_the_three_policy_pages_published_and_in_the_footer():
    load_pages()
    pages = Page.objects.in_footer()
    assert [(page.slug, page.title) for page in pages] == [
        ("about", "About Us"),
        ("benefits", "User Accounts and Benefits"),
        ("privacy", "Privacy Policy"),
    ]
    assert all(page.meta_description for page in pages)


def test_demo_has_at_least_twelve_faqs_in_four_sections_one_on_the_management_center():
    load_pages()
    assert FAQ.objects.published().count() >= 12
    assert FAQSection.objects.filter(faqs__is_published=True).distinct().count() >= 4
    assert {"Accounts", "Reading and commenting", "Publishing", "Privacy"} <= set(
        FAQSection.objects.values_list("title", flat=True)
    )
    center = FAQ.objects.get(question__icontains="Management Center")
    assert "saved articles" in center.answer_html


def test_privacy_policy_names_the_cookies_and_how_to_export_and_delete():
    load_pages()
    body = Page.objects.get(slug="privacy").body_html
    for text in ("sessionid", "csrftoken", "no tracking", "Download my data", "Delete my account"):
        assert text in body
    assert "comment deleted" in body


def test_loading_twice_adds_nothing_and_keeps_editors_changes(capsys):
    call_command("load_demo_pages")
    assert "added" in capsys.readouterr().out
    counts = (Page.objects.count(), FAQSection.objects.count(), FAQ.objects.count())
    about = Page.objects.get(slug="about")
    about.title = "Who we are"
    about.save()

    assert load_pages() == 0
    assert (Page.objects.count(), FAQSection.objects.count(), FAQ.objects.count()) == counts
    assert Page.objects.get(slug="about").title == "Who we are"


def test_demo_content_is_inert_and_its_site_links_work(client):
    load_pages()
    html = [page.body_html for page in Page.objects.all()]
    html += [faq.answer_html for faq in FAQ.objects.all()]
    links = set()
    for fragment in html:
        assert_inert(fragment)
        links.update(re.findall(r'href="(/[^"]*)"', fragment))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link
