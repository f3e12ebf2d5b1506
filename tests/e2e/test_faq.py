"""In Chromium: a link to /faq/#anchor opens that answer, and the FAQ works without JavaScript."""

import pytest

from tests.pages.factories import FAQFactory, FAQSectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def faqs():
    section = FAQSectionFactory(title="Accounts")
    return [
        FAQFactory(section=section, question=f"Question {n}?", answer=f"Answer {n}.")
        for n in range(8)
    ]


def test_link_to_an_anchor_opens_that_answer_and_hashchange_opens_another(
    live_server, browser, faqs
):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(f"{live_server.url}/faq/#{faqs[5].anchor}")
    target = page.locator(f"#{faqs[5].anchor}")
    page.wait_for_function(f"document.getElementById('{faqs[5].anchor}').open")
    assert target.get_by_text("Answer 5.").is_visible()
    assert not page.locator(f"#{faqs[4].anchor}").get_by_text("Answer 4.").is_visible()

    page.evaluate(f"location.hash = '#{faqs[1].anchor}'")
    page.wait_for_function(f"document.getElementById('{faqs[1].anchor}').open")

    page.locator(f"#{faqs[2].anchor} summary").click()
    page.wait_for_url(f"**/faq/#{faqs[2].anchor}")


def test_answers_open_with_the_keyboard_without_javascript(live_server, browser, faqs):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/faq/")
    summary = page.locator(f"#{faqs[0].anchor} summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"#{faqs[0].anchor}").get_by_text("Answer 0.").is_visible()
    context.close()
