"""Changing a member's e-mail address: asked with the password, done from the new inbox.

1. `user_request_email_change` keeps the new address as `pending_email` and e-mails it a
   confirmation link (ACCOUNT_EMAIL_CHANGE_MAX_AGE); the current address is told, with a link
   that calls the change off (ACCOUNT_EMAIL_CHANGE_CANCEL_MAX_AGE).
2. `user_confirm_email_change` makes the pending address the account's, confirmed: from then
   on sign-in, every e-mail and "Download my data" use it.
3. `user_cancel_email_change` drops a pending change, or puts the old address back if the
   change was already confirmed (someone who knows the password cannot take the account away
   from its owner's inbox).

A new request replaces the pending one, so only the newest link works. Whether the new
address already has an account is never said to the member: that address's owner is told
instead, and the member gets the same answer.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.throttle import Throttled, count_attempt

from .services import _send, absolute_url
from .tokens import LinkError, make_email_change_token, read_email_change_token

User = get_user_model()


class EmailChangeRefused(Exception):
    """A confirmation that cannot be completed, with what to tell the member."""


def user_request_email_change(*, user, new_email, base_url=None):
    """Ask to move `user` to `new_email`. The caller has checked the password and spent the
    "email-change" budget; the new address's "verification-email" budget is spent here, and
    when it is out nothing goes to that address (the answer is the same)."""
    new_email = User.objects.normalize_email(new_email.strip())
    with transaction.atomic():
        user.pending_email = new_email
        user.pending_email_requested_at = timezone.now()
        user.save(update_fields=["pending_email", "pending_email_requested_at"])
    context = {
        "site_name": settings.SITE_NAME,
        "new_email": new_email,
        "hours": int(settings.ACCOUNT_EMAIL_CHANGE_MAX_AGE.total_seconds() // 3600),
        "cancel_days": settings.ACCOUNT_EMAIL_CHANGE_CANCEL_MAX_AGE.days,
    }
    cancel = make_email_change_token(user, new_email=new_email, cancel=True)
    context["cancel_link"] = _link("accounts:email-cancel", cancel, base_url)
    _send(user.email, "accounts/email/email_change_notice", context)
    try:
        count_attempt("verification-email", address=new_email)
    except Throttled:
        return
    if _taken(new_email, by=user):
        context["login_link"] = absolute_url(reverse("accounts:login"), base_url=base_url)
        _send(new_email, "accounts/email/email_change_taken", context)
        return
    confirm = make_email_change_token(user, new_email=new_email)
    context["link"] = _link("accounts:email-confirm", confirm, base_url)
    _send(new_email, "accounts/email/email_change_confirm", context)


@transaction.atomic
def user_confirm_email_change(*, token):
    """Give the account the address in `token`, confirmed; return the user. Raise LinkError
    for an altered, expired, replaced or cancelled link, EmailChangeRefused if the address
    has meanwhile been taken by another account."""
    user_pk, old, new = read_email_change_token(token)
    user = User.objects.select_for_update().filter(pk=user_pk, is_active=True).first()
    if (
        user is None
        or user.email.lower() != old
        or not user.pending_email
        or user.pending_email.lower() != new
    ):
        raise LinkError(expired=False)
    if _taken(new, by=user):
        raise EmailChangeRefused(
            "Another account has this address now, so yours keeps its current one."
        )
    user.email = user.pending_email
    user.email_verified_at = timezone.now()
    _clear_pending(user)
    user.save(update_fields=["email", "email_verified_at", *PENDING_FIELDS])
    return user


@transaction.atomic
def user_cancel_email_change(*, token):
    """Call off the change in `token` from the old address; return (user, undone) where
    `undone` says the change had been confirmed and the old address is back. Raise LinkError
    when there is nothing left to call off."""
    user_pk, old, new = read_email_change_token(token, cancel=True)
    user = User.objects.select_for_update().filter(pk=user_pk, is_active=True).first()
    if user is None:
        raise LinkError(expired=False)
    if user.email.lower() == old and user.pending_email.lower() == new:
        _clear_pending(user)
        user.save(update_fields=PENDING_FIELDS)
        return user, False
    if user.email.lower() == new and not _taken(old, by=user):
        user.email = old
        user.email_verified_at = timezone.now()  # the link reached that inbox
        _clear_pending(user)
        user.save(update_fields=["email", "email_verified_at", *PENDING_FIELDS])
        return user, True
    raise LinkError(expired=False)


PENDING_FIELDS = ["pending_email", "pending_email_requested_at"]


def _clear_pending(user):
    user.pending_email = ""
    user.pending_email_requested_at = None


def _taken(email, *, by):
    return User.objects.filter(email__iexact=email).exclude(pk=by.pk).exists()


def _link(url_name, token, base_url):
    return absolute_url(reverse(url_name, kwargs={"token": token}), base_url=base_url)
