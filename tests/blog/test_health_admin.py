"""Recording a medical review in the admin: one action, Editors only, kept in the history."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from blog.models import Review
from tests.blog.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def review_url(article):
    return reverse("admin:blog_article_review", args=[article.pk])


def test_an_editor_records_a_review_in_one_step_and_readers_see_the_latest(client, editor):
    article, reviewer = ArticleFactory(), PersonFactory(name="Dana Rivera", credentials="MD")
    client.force_login(editor)
    page = client.get(reverse("admin:blog_article_change", args=[article.pk])).content.decode()
    assert f'href="{review_url(article)}"' in page
    response = client.post(
        review_url(article),
        {"reviewer": reviewer.pk, "reviewed_on": "2026-11-20", "note": "Checked doses."},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.reviewer, article.last_reviewed_on) == (reviewer, date(2026, 11, 20))
    review = Review.objects.get()
    assert (review.recorded_by, review.note) == (editor, "Checked doses.")
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor
    assert entry.change_message == (
        "Recorded a medical review by Dana Rivera, MD on 2026-11-20. Checked doses."
    )
    history = client.get(reverse("admin:blog_article_history", args=[article.pk]))
    assert "Recorded a medical review by Dana Rivera, MD on 2026-11-20." in history.content.decode()
    client.logout()
    shown = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed by" in shown and "20 November 2026" in shown


def test_an_older_review_recorded_late_does_not_replace_the_latest(client, editor):
    article, first, second = ArticleFactory(), PersonFactory(), PersonFactory()
    client.force_login(editor)
    client.post(review_url(article), {"reviewer": first.pk, "reviewed_on": "2026-11-20"})
    client.post(review_url(article), {"reviewer": second.pk, "reviewed_on": "2026-01-05"})
    article.refresh_from_db()
    assert (article.reviewer, article.last_reviewed_on) == (first, date(2026, 11, 20))
    assert Review.objects.count() == 2


def test_bad_review_input_is_refused_with_messages_and_kept(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    tomorrow = timezone.localdate().toordinal() + 1
    response = client.post(
        review_url(article),
        {"reviewed_on": date.fromordinal(tomorrow).isoformat(), "note": "Keep me."},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A review cannot be dated in the future." in page
    assert "This field is required." in page
    assert "Keep me." in page
    assert not Review.objects.exists()


def test_authors_cannot_record_reviews(client, author):
    article = ArticleFactory(author=author, draft=True)
    client.force_login(author)
    response = client.post(
        review_url(article), {"reviewer": PersonFactory().pk, "reviewed_on": "2026-11-20"}
    )
    assert response.status_code == 403
    assert not Review.objects.exists()
