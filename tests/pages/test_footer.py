"""The footer: pages marked for it and the fixed links, in the editors' order, from one query."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pages.context_processors import footer, footer_links
from pages.demo import load_pages
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

# The Management Center belongs to the accounts app; any resolvable URL name stands in for it.
FIXED = [("Management Center", "blog:list", 40), ("FAQs", "pages:faq", 50)]


def footer_labels(client, url="/"):
    content = client.get(url).content.decode()
    nav = re.search(r'<footer class="site-footer">.*?</footer>', content, re.S).group(0)
    return re.findall(r'<li><a href="[^"]*"(?: aria-current="page")?>([^<]+)</a></li>', nav)


def test_footer_shows_the_showcase_links_in_order(client, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    load_pages()
    assert footer_labels(client) == [
        "About Us",
        "User Accounts and Benefits",
        "Privacy Policy",
        "Management Center",
        "FAQs",
    ]


def test_footer_follows_the_order_editors_give_pages(client, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    about = PageFactory(title="About Us", show_in_footer=True, footer_order=10)
    PageFactory(title="Privacy Policy", show_in_footer=True, footer_order=30)
    assert footer_labels(client) == ["About Us", "Privacy Policy", "Management Center", "FAQs"]

    about.footer_order = 45
    about.save()
    assert footer_labels(client) == ["Privacy Policy", "Management Center", "About Us", "FAQs"]


def test_footer_leaves_out_unpublished_pages_and_pages_not_marked_for_it(client, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    PageFactory(title="Draft", show_in_footer=True, is_published=False, footer_order=1)
    PageFactory(title="Not in footer", show_in_footer=False, footer_order=1)
    assert footer_labels(client) == ["Management Center", "FAQs"]


def test_footer_skips_a_fixed_link_whose_app_is_missing(client, settings):
    settings.FOLIO_FOOTER_FIXED = [("Nowhere", "nowhere:center", 40), ("FAQs", "pages:faq", 50)]
    assert footer_labels(client) == ["FAQs"]


def test_management_center_is_placed_between_the_policy_pages_and_the_faq():
    from django.conf import settings

    assert settings.FOLIO_FOOTER_FIXED == [
        ("Management Center", "accounts:center", 40),
        ("FAQs", "pages:faq", 50),
    ]


def test_footer_marks_the_current_page(client, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    content = client.get(reverse("pages:faq")).content.decode()
    assert f'<a href="{reverse("pages:faq")}" aria-current="page">FAQs</a>' in content
    assert content.count('aria-current="page"') == 1


def test_footer_marks_a_policy_page_and_nothing_on_pages_it_does_not_link(client, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    about = PageFactory(title="About Us", show_in_footer=True, footer_order=10)

    content = client.get(about.get_absolute_url()).content.decode()
    assert f'<a href="{about.get_absolute_url()}" aria-current="page">About Us</a>' in content
    home = client.get("/").content.decode()
    footer_html = re.search(r'<footer class="site-footer">.*?</footer>', home, re.S).group(0)
    assert "aria-current" not in footer_html


def test_footer_shows_the_current_year_and_site_name(client, settings):
    settings.SITE_NAME = "Folio Science"
    content = client.get("/").content.decode()
    assert f"© {timezone.now().year} Folio Science" in content


def test_the_sign_in_page_names_the_site_not_the_host(client):
    """Django's sign-in view puts the request's host in `site_name`; the chrome reads
    SITE_NAME."""
    content = client.get(reverse("accounts:login")).content.decode()

    assert f"© {timezone.now().year} Folio</p>" in content
    assert '<a class="site-name" href="/">Folio</a>' in content
    assert "testserver</" not in content


def test_footer_links_come_from_one_query(django_assert_num_queries, settings):
    settings.FOLIO_FOOTER_FIXED = FIXED
    for n in range(6):
        PageFactory(show_in_footer=True, footer_order=n)
    with django_assert_num_queries(1):
        assert len(footer_links()) == 8


def test_footer_context_queries_nothing_until_a_template_uses_it(django_assert_num_queries):
    PageFactory(title="About Us", show_in_footer=True, footer_order=10)
    with django_assert_num_queries(0):
        context = footer(RequestFactory().get("/"))
    assert list(context) == ["footer_links", "footer_current"]
    with django_assert_num_queries(1):
        assert [link.label for link in context["footer_links"]][0] == "About Us"
