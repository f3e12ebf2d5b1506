"""An e-mail backend for tests: the in-memory one, except that it refuses some addresses the
way a mail server refuses a mailbox that does not exist."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    REFUSED_MARK = "bounce"

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.recipients() if self.REFUSED_MARK in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"No such mailbox") for address in refused}
                )
        return super().send_messages(messages)
