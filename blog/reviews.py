"""The weekly "reviews due" e-mail to the Editors, sent by `manage.py send_review_reminders`.

A ReviewReminder row records each editor's e-mail for a week (weeks start on Monday), so the
command can run daily or twice by mistake and each editor still gets one list a week; an
address that fails is logged and tried again on the next run. No e-mail when nothing is due.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.seo import absolute

from .models import Article, ReviewReminder

logger = logging.getLogger(__name__)
EDITORS_GROUP = "Editors"


@dataclass
class Outcome:
    due: int = 0
    sent: int = 0
    failed: int = 0


def editors_to_remind(week):
    """Active Editors (and superusers) with an address who have had no list this week."""
    already = ReviewReminder.objects.filter(user=OuterRef("pk"), week=week)
    return (
        get_user_model()
        .objects.filter(Q(groups__name=EDITORS_GROUP) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .exclude(Exists(already))
        .distinct()
        .order_by("pk")
    )


def send_review_reminders(*, today=None):
    """E-mail each editor, once a week, the published articles whose review is due."""
    today = today or timezone.localdate()
    week = today - timedelta(days=today.weekday())
    due = list(
        Article.objects.review_due(today=today)
        .select_related("category", "reviewer")
        .order_by("last_reviewed_on", "published_at", "pk")
    )
    outcome = Outcome(due=len(due))
    if not due:
        return outcome
    context = {
        "articles": [
            {
                "article": article,
                "edit_url": absolute(reverse("admin:blog_article_change", args=[article.pk])),
            }
            for article in due
        ],
        "list_url": absolute(reverse("admin:blog_article_changelist")) + "?review=due",
        "site_name": settings.SITE_NAME,
        "week": week,
    }
    subject = f"{len(due)} article(s) due for medical review · {settings.SITE_NAME}"
    body = render_to_string("blog/email/reviews_due.txt", context)
    with get_connection() as connection:
        for editor in editors_to_remind(week):
            try:
                connection.send_messages([EmailMessage(subject, body, to=[editor.email])])
            except Exception:
                logger.exception(
                    "Could not e-mail editor %s the reviews due; will retry on the next run.",
                    editor.pk,
                )
                outcome.failed += 1
                connection.close()
                continue
            ReviewReminder.objects.create(user=editor, week=week)
            outcome.sent += 1
    return outcome
