"""Writes on accounts: sign-up, e-mail verification, profile changes, data export and deletion."""

import re

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from blog import services as blog_services
from blog.models import Digest, FollowNotification, Subscriber
from comments import services as comment_services
from core.throttle import Throttled, count_attempt

from .tokens import (
    UNSUBSCRIBE_KINDS,
    LinkError,
    make_verification_token,
    read_verification_token,
)

User = get_user_model()


def absolute_url(path, *, base_url=None):
    """`path` on this site: under the address of the current request, or SITE_URL."""
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def user_register(*, email, display_name, password, base_url=None):
    """Create an unverified member and e-mail them a verification link; return the user.

    If the address already has an account, nothing is created: its owner gets a notice that
    carries nothing the visitor typed, and None is returned. The caller answers the same either
    way, so the form tells nobody which addresses have accounts.
    """
    email = User.objects.normalize_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.is_active:
            _send_signup_notice(user=existing, base_url=base_url)
        return None
    for attempt in range(2):
        try:
            with transaction.atomic():
                user = User(
                    username=_free_username(email),
                    email=email,
                    display_name=display_name.strip(),
                )
                user.set_password(password)
                user.full_clean()
                user.save()
            break
        except IntegrityError:
            # A sign-up committed between the check above and this insert: with the same
            # address (a double click), answer as for any taken address; otherwise it took the
            # same username, and the next free one is tried once.
            if User.objects.filter(email__iexact=email).exists():
                return None
            if attempt:
                raise
    user_send_verification(user=user, base_url=base_url)
    return user


def user_send_verification(*, user, base_url=None):
    """E-mail `user` a link that confirms the address. Returns False, sending nothing, if the
    address is already confirmed or its budget of confirmation e-mails is spent
    (FOLIO_THROTTLES["verification-email"]: one every few minutes, a few a day)."""
    if user.is_verified:
        return False
    try:
        count_attempt("verification-email", address=user.email)
    except Throttled:
        return False
    path = reverse("accounts:verify", kwargs={"token": make_verification_token(user)})
    context = {
        "link": absolute_url(path, base_url=base_url),
        "days": settings.ACCOUNT_VERIFICATION_MAX_AGE.days,
        "site_name": settings.SITE_NAME,
    }
    _send(user.email, "accounts/email/verify", context)
    return True


def user_resend_verification(*, email, base_url=None):
    """Send a new link to an unverified account with this address, if there is one.

    The caller shows the same message whatever happens, so nobody learns whether the address
    has an account, is confirmed, or has had its e-mails for now; the budget is spent per
    address whether or not it has an account.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        try:
            count_attempt("verification-email", address=email)
        except Throttled:
            pass
        return False
    return user_send_verification(user=user, base_url=base_url)


def _send_signup_notice(*, user, base_url=None):
    """Tell the owner of an address that someone tried to sign up with it."""
    context = {
        "login_url": absolute_url(reverse("accounts:login"), base_url=base_url),
        "reset_url": absolute_url(reverse("accounts:password-reset"), base_url=base_url),
        "site_name": settings.SITE_NAME,
    }
    _send(user.email, "accounts/email/signup_existing", context)


def _send(address, template, context):
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[address],
    )


@transaction.atomic
def user_verify_email(*, token):
    """Mark the address in `token` confirmed and return the user; raise LinkError if the link
    is altered, expired, or names an address the account no longer has."""
    user_pk, email = read_verification_token(token)
    user = User.objects.select_for_update().filter(pk=user_pk, is_active=True).first()
    if user is None or user.email.lower() != email:
        raise LinkError(expired=False)
    if not user.is_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def user_update_profile(*, form):
    """Save a valid ProfileForm; a replaced or cleared avatar's file is removed once saved."""
    user = form.instance
    old_avatar = User.objects.get(pk=user.pk).avatar
    user = form.save()
    if old_avatar and old_avatar.name != user.avatar.name:
        storage, name = old_avatar.storage, old_avatar.name
        transaction.on_commit(lambda: storage.delete(name))
    return user


@transaction.atomic
def user_update_preferences(*, form):
    return form.save()


def user_unsubscribe(*, user_pk, kind="follow"):
    """Stop one kind of e-mail (tokens.UNSUBSCRIBE_KINDS). Returns the user, or None if the
    account is gone."""
    preference = UNSUBSCRIBE_KINDS[kind]
    user = User.objects.filter(pk=user_pk).first()
    if user is not None and getattr(user, preference):
        setattr(user, preference, False)
        user.save(update_fields=[preference])
    return user


def _profile_section(user):
    return {
        "profile": {
            "username": user.username,
            "email": user.email,
            "email_verified_at": _iso(user.email_verified_at),
            "pending_email": user.pending_email,
            "pending_email_requested_at": _iso(user.pending_email_requested_at),
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "bio": user.bio,
            "avatar": user.avatar.url if user.avatar else None,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_preferences": {
                "notify_on_follow": user.notify_on_follow,
                "follow_frequency": user.follow_frequency,
                "notify_on_reply": user.notify_on_reply,
                "notify_on_comment": user.notify_on_comment,
            },
        }
    }


def _notification_section(user):
    sent = FollowNotification.objects.filter(user=user).select_related("article")
    return {
        "topic_emails_sent": [
            {
                "article": item.article.public_title,
                "sent_at": _iso(item.sent_at),
                "in_digest": item.digest_id is not None,
            }
            for item in sent
        ],
        "digests_sent": [
            {
                "frequency": digest.frequency,
                "period_start": _iso(digest.period_start),
                "period_end": _iso(digest.period_end),
                "articles": digest.article_count,
                "sent_at": _iso(digest.sent_at),
            }
            for digest in Digest.objects.filter(user=user)
        ],
    }


def _subscription_section(user):
    """A subscription without an account at the member's address is theirs too."""
    subscriber = Subscriber.objects.filter(email__iexact=user.email).first()
    if subscriber is None:
        return {"subscription": None}
    return {
        "subscription": {
            "email": subscriber.email,
            "frequency": subscriber.frequency,
            "every_new_article": subscriber.everything,
            "categories": [category.name for category in subscriber.categories.all()],
            "tags": [tag.name for tag in subscriber.tags.all()],
            "authors": [author.public_name for author in subscriber.authors.all()],
            "asked_at": _iso(subscriber.created_at),
            "confirmed_at": _iso(subscriber.confirmed_at),
            "unsubscribed_at": _iso(subscriber.unsubscribed_at),
            "articles_sent": [
                {"article": item.article.public_title, "sent_at": _iso(item.sent_at)}
                for item in subscriber.notifications.select_related("article")
            ],
            "digests_sent": subscriber.digests.count(),
        }
    }


# Each callable returns a dict of sections for one user: blog's covers saved articles and
# follows, comments' the member's comments.
EXPORT_SECTIONS = [
    _profile_section,
    blog_services.member_data,
    comment_services.member_data,
    _notification_section,
    _subscription_section,
]


def user_export_data(*, user):
    """Everything stored about `user`, as a JSON-ready dict ("Download my data")."""
    data = {
        "site": settings.SITE_NAME,
        "exported_at": timezone.now().isoformat(),
    }
    for section in EXPORT_SECTIONS:
        data.update(section(user))
    return data


@transaction.atomic
def user_delete(*, user):
    """Delete the account and the personal data stored with it.

    Comments go; one that others replied to stays as "comment deleted", without author or
    text, so the conversation keeps its shape (as the Privacy Policy says). Saved articles and
    follows go (blog.services.member_erase); articles the member wrote as staff stay, without
    an author. Records of failed sign-ins under the member's name go too, and the avatar file
    once committed, and a subscription without an account at the member's address with its
    sending records.
    """
    Subscriber.objects.filter(email__iexact=user.email).delete()
    comment_services.member_erase(user=user)
    blog_services.member_erase(user=user)
    AccessAttempt.objects.filter(username__in={user.username, user.email.lower()}).delete()
    avatar = user.avatar
    if avatar:
        storage, name = avatar.storage, avatar.name
        transaction.on_commit(lambda: storage.delete(name))
    user.delete()


def _free_username(email):
    """A username made from the e-mail's local part, numbered if already taken."""
    base = re.sub(r"[^\w.+-]", "", email.split("@", 1)[0])[:30].strip(".-_+") or "member"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _iso(moment):
    return moment.isoformat() if moment else None
