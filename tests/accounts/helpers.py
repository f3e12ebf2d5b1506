"""Small helpers the accounts tests share: reading links out of captured e-mails."""

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def links_in(message):
    return LINK.findall(message.body)


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def verification_path(message):
    return next(path_of(url) for url in links_in(message) if "/account/verify/" in url)


def totp_code(key, at=None):
    """The 6-digit code an authenticator app holding `key` (hex) shows at `at` (default: now)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key), step=30, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def force_login_with_two_factor(client, user):
    """Turn two-factor sign-in on for `user` and sign `client` in past the code step.

    For tests of admin pages under settings that require it of staff (production's).
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.two_factor import services

    key = services.new_secret()
    device, _ = services.totp_device_confirm(user=user, key=key, code=totp_code(key))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
