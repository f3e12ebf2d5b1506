"""`manage.py send_review_reminders`: meant for cron, e.g. every Monday. Safe to re-run."""

from django.core.management.base import BaseCommand

from blog.reviews import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail the Editors the published articles due for a medical review, once a week. "
        "Running it again in the same week sends nothing."
    )

    def handle(self, *args, **options):
        outcome = send_review_reminders()
        self.stdout.write(
            f"{outcome.due} article(s) due for review; sent {outcome.sent} reminder e-mail(s)."
        )
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} e-mail(s) could not be sent; see the log. "
                "They will be tried again on the next run."
            )
