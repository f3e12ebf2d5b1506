"""`manage.py send_notifications`: meant for cron, e.g. every 10 minutes. Safe to re-run."""

from django.core.management.base import BaseCommand

from accounts.notifications import send_follow_notifications
from accounts.subscriptions import send_subscriber_notifications


class Command(BaseCommand):
    help = (
        "E-mail followers of categories, tags and authors, and confirmed subscribers without "
        "an account, once about every new article, at once or in the daily and weekly "
        "digests they chose. Running it again sends nothing already sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Consider articles published in the last DAYS days (default 7).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="E-mails sent over one mail-server connection (default 100).",
        )

    def handle(self, *args, days, batch_size, **options):
        outcome = send_follow_notifications(days=days, batch_size=batch_size)
        send_subscriber_notifications(outcome=outcome, days=days, batch_size=batch_size)
        self.stdout.write(f"Sent {outcome.sent} notification e-mail(s).")
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} e-mail(s) could not be sent; see the log. "
                "They will be tried again on the next run."
            )
