"""Pages render on save and keep clear of other routes; FAQ anchors are unique and stable."""

import pytest
from django.core.exceptions import ValidationError

from pages.models import FAQ
from tests.pages.factories import FAQFactory, FAQSectionFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_page_body_is_rendered_and_stored_on_save():
    page = PageFactory(body="Intro.\n\n## What we store\n\nText with *emphasis*.")
    assert '<h2 id="h-what-we-store">What we store</h2>' in page.body_html
    assert "<em>emphasis</em>" in page.body_html
    assert page.toc == [{"id": "h-what-we-store", "title": "What we store"}]


def test_page_address_is_its_slug_at_the_site_root():
    assert PageFactory(slug="privacy").get_absolute_url() == "/privacy/"


@pytest.mark.parametrize("slug", ["admin", "articles", "faq"])
def test_page_slug_used_by_another_route_is_refused(slug):
    page = PageFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "already uses this address" in str(error.value.message_dict["slug"])


def test_page_slug_free_at_the_root_is_accepted():
    PageFactory.build(slug="accessibility").full_clean()


def test_faq_anchor_is_made_from_the_question():
    assert FAQFactory(question="What is the Management Center?").anchor == (
        "what-is-the-management-center"
    )


def test_faq_anchors_stay_unique_for_the_same_question():
    anchors = {FAQFactory(question="How do I sign in?").anchor for _ in range(3)}
    assert anchors == {"how-do-i-sign-in", "how-do-i-sign-in-2", "how-do-i-sign-in-3"}


def test_faq_anchors_do_not_change_when_questions_are_reordered_or_reworded():
    section, other = FAQSectionFactory(), FAQSectionFactory()
    faqs = [FAQFactory(section=section, question=f"Question {n}?", order=n) for n in range(4)]
    before = {faq.pk: faq.anchor for faq in faqs}

    for position, faq in enumerate(reversed(faqs)):
        faq.order = position
        faq.section = other if position % 2 else section
        faq.question = f"Reworded {faq.question}"
        faq.save()

    assert {faq.pk: faq.anchor for faq in FAQ.objects.all()} == before
    assert len(set(before.values())) == 4


def test_faq_anchor_kept_when_a_question_above_is_deleted():
    first = FAQFactory(question="Same words")
    second = FAQFactory(question="Same words")
    first.delete()
    second.save()
    second.refresh_from_db()
    assert second.anchor == "same-words-2"


def test_editor_may_choose_an_anchor_and_it_is_kept():
    faq = FAQFactory(question="Where is my data?", anchor="data")
    faq.question = "Where do you keep my data?"
    faq.save()
    faq.refresh_from_db()
    assert faq.anchor == "data"


def test_duplicate_anchor_chosen_by_an_editor_is_refused():
    FAQFactory(anchor="data")
    with pytest.raises(ValidationError) as error:
        FAQFactory.build(anchor="data", section=FAQSectionFactory()).full_clean()
    assert "anchor" in error.value.message_dict


@pytest.mark.parametrize("anchor", ["main", "section-accounts", "h-cookies", "fn-1"])
def test_anchor_the_faq_page_uses_itself_is_refused(anchor):
    faq = FAQFactory.build(anchor=anchor, section=FAQSectionFactory())
    with pytest.raises(ValidationError) as error:
        faq.full_clean()
    assert "anchor" in error.value.message_dict


@pytest.mark.parametrize(
    ("question", "anchor"),
    [("Main", "q-main"), ("Section A", "q-section-a"), ("H - why?", "q-h-why")],
)
def test_generated_anchor_avoids_the_page_own_ids(question, anchor):
    assert FAQFactory(question=question).anchor == anchor


def test_faq_answer_is_rendered_on_save():
    faq = FAQFactory(answer="Open **Download my data**.")
    assert faq.answer_html == "<p>Open <strong>Download my data</strong>.</p>"
