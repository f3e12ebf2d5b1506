"""Signed links: e-mail verification and change of address (expire), and unsubscribing from
one kind of e-mail (does not).

Each is a django.core.signing token with its own salt, so one kind cannot stand in for
another. A verification token names the address it was sent to, so it stops working if the
account's address changes; a change-of-address token names both addresses, so it works only
while the account still has the one it was asked from (or, to cancel, the one it went to).
"""

from django.conf import settings
from django.core import signing

VERIFY_SALT = "accounts.verify-email"
UNSUBSCRIBE_SALT = "accounts.unsubscribe"
EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_CANCEL_SALT = "accounts.email-change-cancel"
SUBSCRIBE_CONFIRM_SALT = "accounts.subscribe-confirm"
SUBSCRIBER_SALT = "accounts.subscriber"
# The kinds of e-mail a member can stop with one click, and the preference each one clears.
# A link made before kinds existed (no "kind") is about followed topics.
UNSUBSCRIBE_KINDS = {
    "follow": "notify_on_follow",
    "reply": "notify_on_reply",
    "comment": "notify_on_comment",
}


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


def make_unsubscribe_token(user, kind="follow"):
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValueError(f"Unknown kind of e-mail {kind!r}.")
    payload = {"user": user.pk} if kind == "follow" else {"user": user.pk, "kind": kind}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """Return (user pk, kind of e-mail) from an unsubscribe token, or raise LinkError."""
    payload = _load(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    try:
        kind = payload.get("kind", "follow")
        if kind not in UNSUBSCRIBE_KINDS:
            raise ValueError(kind)
        return int(payload["user"]), kind
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise LinkError(expired=False) from exc


def make_email_change_token(user, *, new_email, cancel=False):
    """The link that confirms (or, with `cancel`, calls off) a change from the account's
    current address to `new_email`."""
    payload = {"user": user.pk, "old": user.email.lower(), "new": new_email.lower()}
    return signing.dumps(payload, salt=EMAIL_CHANGE_CANCEL_SALT if cancel else EMAIL_CHANGE_SALT)


def read_email_change_token(token, *, cancel=False):
    """Return (user pk, old address, new address), or raise LinkError. A confirmation works
    for ACCOUNT_EMAIL_CHANGE_MAX_AGE, a cancellation for ACCOUNT_EMAIL_CHANGE_CANCEL_MAX_AGE."""
    if cancel:
        salt, max_age = EMAIL_CHANGE_CANCEL_SALT, settings.ACCOUNT_EMAIL_CHANGE_CANCEL_MAX_AGE
    else:
        salt, max_age = EMAIL_CHANGE_SALT, settings.ACCOUNT_EMAIL_CHANGE_MAX_AGE
    payload = _load(token, salt=salt, max_age=max_age)
    try:
        return int(payload["user"]), str(payload["old"]), str(payload["new"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkError(expired=False) from exc


def make_subscribe_confirm_token(subscriber):
    """The double opt-in link; it expires like a member's verification link."""
    payload = {"subscriber": subscriber.pk, "email": subscriber.email.lower()}
    return signing.dumps(payload, salt=SUBSCRIBE_CONFIRM_SALT)


def read_subscribe_confirm_token(token):
    """Return (subscriber pk, address) or raise LinkError."""
    max_age = settings.ACCOUNT_VERIFICATION_MAX_AGE
    return _subscriber_payload(_load(token, salt=SUBSCRIBE_CONFIRM_SALT, max_age=max_age))


def make_subscriber_token(subscriber):
    """The link in every e-mail to a subscriber: it opens their manage page and one-click
    unsubscribes. It does not expire; it names the address, and a deleted subscription's
    links die with its row."""
    payload = {"subscriber": subscriber.pk, "email": subscriber.email.lower()}
    return signing.dumps(payload, salt=SUBSCRIBER_SALT)


def read_subscriber_token(token):
    """Return (subscriber pk, address) or raise LinkError."""
    return _subscriber_payload(_load(token, salt=SUBSCRIBER_SALT, max_age=None))


def _subscriber_payload(payload):
    try:
        return int(payload["subscriber"]), str(payload["email"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkError(expired=False) from exc


def _load(token, *, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(expired=True) from exc
    except signing.BadSignature as exc:
        raise LinkError(expired=False) from exc
