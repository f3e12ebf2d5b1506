"""Signed links: e-mail verification (expires) and unsubscribing from e-mails (does not).

Both are django.core.signing tokens with their own salt, so one kind cannot stand in for the
other. A verification token names the address it was sent to, so it stops working if the
account's address changes.
"""

from django.conf import settings
from django.core import signing

VERIFY_SALT = "accounts.verify-email"
UNSUBSCRIBE_SALT = "accounts.unsubscribe"


class LinkError(Exception):
    """A signed link that cannot be used; `expired` says whether it was once valid."""

    def __init__(self, *, expired):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_verification_token(user):
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=VERIFY_SALT)


def read_verification_token(token):
    """Return (user_pk, email) from a token, or raise LinkError."""
    max_age = settings.ACCOUNT_VERIFICATION_MAX_AGE
    payload = _load(token, salt=VERIFY_SALT, max_age=max_age)
    try:
        return int(payload["user"]), str(payload["email"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkError(expired=False) from exc


def make_unsubscribe_token(user):
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """Return the user pk from an unsubscribe token, or raise LinkError."""
    payload = _load(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    try:
        return int(payload["user"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkError(expired=False) from exc


def _load(token, *, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(expired=True) from exc
    except signing.BadSignature as exc:
        raise LinkError(expired=False) from exc
