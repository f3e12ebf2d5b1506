"""Editors manage pages and FAQs in the admin with the Markdown editor."""

import pytest
from django.urls import reverse

from pages.models import FAQ, Page
from tests.pages.factories import FAQFactory, FAQSectionFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_page_form_uses_the_markdown_editor(client, superuser):
    client.force_login(superuser)
    content = client.get(reverse("admin:pages_page_add")).content.decode()
    assert "markdownx" in content
    assert 'name="footer_order"' in content


def test_editor_writes_a_page_and_readers_see_it(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:pages_page_add"),
        {
            "title": "Accessibility",
            "slug": "accessibility",
            "meta_description": "How we make Folio usable for everyone.",
            "body": "We test with a **screen reader**.",
            "is_published": "on",
            "show_in_footer": "on",
            "footer_order": "35",
        },
    )
    assert response.status_code == 302
    client.logout()
    content = client.get("/accessibility/").content.decode()
    assert "<strong>screen reader</strong>" in content


def test_page_slug_another_route_uses_is_refused_in_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:pages_page_add"),
        {"title": "Articles", "slug": "articles", "body": "x", "footer_order": "1"},
    )
    assert response.status_code == 200
    assert "Another part of the site already uses this address" in response.content.decode()
    assert not Page.objects.exists()


def test_faq_order_is_editable_from_the_list(client, superuser):
    section = FAQSectionFactory()
    first, second = FAQFactory(section=section, order=1), FAQFactory(section=section, order=2)
    client.force_login(superuser)
    changelist = reverse("admin:pages_faq_changelist")
    response = client.post(
        changelist,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(first.pk),
            "form-0-order": "20",
            "form-0-is_published": "on",
            "form-1-id": str(second.pk),
            "form-1-order": "10",
            "form-1-is_published": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(FAQ.objects.for_page()) == [second, first]
    assert [faq.anchor for faq in FAQ.objects.for_page()] == [second.anchor, first.anchor]


@pytest.mark.parametrize("name", ["pages_page", "pages_faq", "pages_faqsection"])
def test_changelists_open(client, superuser, name):
    PageFactory()
    FAQFactory()
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
