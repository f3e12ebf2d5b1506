"""E-mails about comments: a reply to a member's comment, a new comment on an author's article.

Both answer comments.signals.comment_published (connected in AccountsConfig.ready), so they go
out only for comments readers can see, after the comment is committed, and never to the
person who wrote it. Each kind has its own preference on the User (`notify_on_reply`,
`notify_on_comment`) and its own one-click unsubscribe link (RFC 8058). An author who is also
the parent comment's author gets the reply e-mail only. A failing mail server is logged: the
comment is saved already and must not turn into an error page.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .services import absolute_url
from .tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)


def on_comment_published(sender, comment, **kwargs):
    replied_to = _reply_recipient(comment)
    if replied_to is not None:
        subject = f"{comment.author.public_name} replied to you on “{comment.article.title}”"
        _send(comment, replied_to, kind="reply", subject=subject)
    author = _article_author(comment)
    if author is not None and author != replied_to:
        subject = f"New comment on your article “{comment.article.title}”"
        _send(comment, author, kind="comment", subject=subject)


def _wants(user, preference):
    return (
        user is not None
        and user.is_active
        and user.is_verified
        and bool(user.email)
        and getattr(user, preference)
    )


def _reply_recipient(comment):
    parent = comment.parent
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return None
    return parent.author if _wants(parent.author, "notify_on_reply") else None


def _article_author(comment):
    author = comment.article.author
    if author is None or author.pk == comment.author_id:
        return None
    return author if _wants(author, "notify_on_comment") else None


def _send(comment, recipient, *, kind, subject):
    unsubscribe_url = absolute_url(
        reverse("accounts:unsubscribe", kwargs={"token": make_unsubscribe_token(recipient, kind)})
    )
    context = {
        "comment": comment,
        "recipient": recipient,
        "article": comment.article,
        "url": absolute_url(comment.get_absolute_url()),
        "settings_url": absolute_url(reverse("accounts:center")) + "#topics",
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
    }
    template = "comment_reply" if kind == "reply" else "comment_on_article"
    message = EmailMessage(
        subject=" ".join(subject.split()),  # a header cannot hold a line break from a title
        body=render_to_string(f"accounts/email/{template}.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not e-mail %s about comment %s", recipient.pk, comment.pk)
