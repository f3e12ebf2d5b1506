"""Review due: an article whose category's interval has passed since its last review is listed
for editors (admin filter) and e-mailed to them once a week; time is injected."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from blog.health import months_before
from blog.models import Article
from blog.reviews import send_review_reminders
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 1), 12, date(2025, 12, 1)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


@pytest.fixture
def yearly(db):
    """A category reviewed every 12 months, with an article reviewed on 1 June 2026, one never
    reviewed, and an article in a category that needs no review."""
    category = CategoryFactory(review_interval_months=12)
    reviewer = PersonFactory()
    return {
        "reviewed": ArticleFactory(
            title="Reviewed in June",
            category=category,
            reviewer=reviewer,
            last_reviewed_on=date(2026, 6, 1),
        ),  # fmt: skip
        "never": ArticleFactory(title="Never reviewed", category=category),
        "free": ArticleFactory(title="No review needed", category=CategoryFactory()),
        "draft": ArticleFactory(title="A draft", category=category, draft=True),
    }


def due_titles(today):
    return sorted(Article.objects.review_due(today=today).values_list("title", flat=True))


def test_an_article_is_due_once_its_interval_has_passed_since_the_last_review(yearly):
    assert due_titles(date(2027, 5, 31)) == ["Never reviewed"]
    assert due_titles(date(2027, 6, 1)) == ["Never reviewed", "Reviewed in June"]


def test_the_admin_lists_articles_due_for_review(client, editor, yearly):
    with time_machine.travel(datetime(2027, 6, 2, 9, tzinfo=UTC), tick=False):
        client.force_login(editor)
        response = client.get(reverse("admin:blog_article_changelist") + "?review=due")
    page = response.content.decode()
    assert "Never reviewed" in page and "Reviewed in June" in page
    assert "No review needed" not in page and "A draft" not in page
    assert "Review due" in page  # the filter's label


@pytest.fixture
def editors(roles):
    first = UserFactory(is_staff=True, email="first@example.org")
    second = UserFactory(is_staff=True, email="second@example.org")
    for user in (first, second):
        user.groups.add(roles["Editors"])
    UserFactory(is_staff=True, email="author@example.org").groups.add(roles["Authors"])
    return [first, second]


def test_the_weekly_email_goes_to_each_editor_once_a_week(yearly, editors, mailoutbox):
    monday = datetime(2027, 6, 7, 8, tzinfo=UTC)
    with time_machine.travel(monday, tick=False):
        outcome = send_review_reminders()
    assert (outcome.due, outcome.sent) == (2, 2)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "first@example.org", "second@example.org",
    ]  # fmt: skip
    body = mailoutbox[0].body
    assert "Never reviewed" in body and "Reviewed in June" in body
    assert "Last reviewed: never" in body
    assert "/admin/blog/article/?review=due" in body
    assert mailoutbox[0].subject == "2 article(s) due for medical review · Folio"

    with time_machine.travel(datetime(2027, 6, 11, 8, tzinfo=UTC), tick=False):
        call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 2  # the same week: nothing again

    with time_machine.travel(datetime(2027, 6, 14, 8, tzinfo=UTC), tick=False):
        assert send_review_reminders().sent == 2  # the next week
    assert len(mailoutbox) == 4


def test_no_email_when_nothing_is_due(yearly, editors, mailoutbox):
    assert send_review_reminders(today=date(2026, 7, 1)).due == 1  # the never-reviewed one
    Article.objects.filter(title="Never reviewed").update(last_reviewed_on=date(2026, 7, 1))
    mailoutbox.clear()
    assert send_review_reminders(today=date(2026, 7, 20)).sent == 0
    assert mailoutbox == []
