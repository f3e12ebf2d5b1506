"""Each page of the pages app runs a fixed number of queries, however much content it has."""

import pytest
from django.urls import reverse

from tests.pages.factories import FAQFactory, FAQSectionFactory, PageFactory

pytestmark = pytest.mark.django_db

# The content version, read first on every page (the page cache keys pages on it, and cached
# fragments with it: pages it has kept cost that query alone), the page itself, the header's
# categories and the footer's links.
PAGE = 4
ANONYMOUS = PAGE
# Signed in (no page cache): the session and the user, once something on the page looks at
# the user.
SIGNED_IN = PAGE + 2


def footer_pages(count):
    for n in range(count):
        PageFactory(show_in_footer=True, footer_order=n)


def faqs(sections, per_section):
    for _ in range(sections):
        section = FAQSectionFactory()
        FAQFactory.create_batch(per_section, section=section)


@pytest.mark.parametrize("footer_count", [1, 12])
def test_page_queries_are_pinned(client, django_assert_num_queries, footer_count):
    footer_pages(footer_count)
    page = PageFactory()
    with django_assert_num_queries(ANONYMOUS):
        response = client.get(page.get_absolute_url())
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")


def test_staff_preview_queries_are_pinned(client, django_assert_num_queries, editor):
    page = PageFactory(is_published=False)
    client.force_login(editor)
    # Plus the editor's permissions (their own and their groups'): who may preview.
    with django_assert_num_queries(SIGNED_IN + 2):
        assert client.get(page.get_absolute_url()).status_code == 200


def test_missing_page_queries_are_pinned(client, django_assert_num_queries):
    # The page looked for each time (a 404 is never kept, so it never outlives the page that
    # comes to fill the address), and then an imported blog's old address (transfer.middleware,
    # only for a 404); the header's categories and the footer's links the first time, then
    # from their fragments, shared with every other page that marks nothing.
    with django_assert_num_queries(ANONYMOUS + 1):
        assert client.get("/no-such-page/").status_code == 404
    with django_assert_num_queries(ANONYMOUS - 1):
        assert client.get("/no-such-page/").status_code == 404


@pytest.mark.parametrize(("sections", "per_section"), [(1, 1), (5, 10)])
def test_faq_queries_are_pinned(client, django_assert_num_queries, sections, per_section):
    footer_pages(3)
    faqs(sections, per_section)
    with django_assert_num_queries(ANONYMOUS):
        response = client.get(reverse("pages:faq"))
    assert (response.status_code, response["X-Cache"]) == (200, "MISS")


def test_faq_queries_for_a_member_are_pinned(client, django_assert_num_queries, member):
    """The header's account area loads the session and the member; nothing else changes."""
    faqs(4, 4)
    client.force_login(member)
    with django_assert_num_queries(SIGNED_IN):
        assert client.get(reverse("pages:faq")).status_code == 200
