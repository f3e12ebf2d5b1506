"""Two-factor sign-in: a code from an authenticator app (TOTP), or a single-use recovery code.

Built on django-otp's models: one confirmed TOTPDevice per member that has the app, and one
StaticDevice whose StaticTokens are the recovery codes. Both devices throttle guesses
themselves (after each wrong code the next try must wait 1, 2, 4, 8 … seconds), and a code from
the app is accepted once only. A session has passed the second step when django-otp's session
key names one of the member's confirmed devices (`session_device`).
"""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device, VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Codes one step (30 s) before or after the current one are accepted: clocks drift.
TOLERANCE = 1


class CodeRefused(Exception):
    """A code that was not accepted, with the message for the member.

    `throttled` is true when the code was not even checked because of earlier wrong ones.
    """

    def __init__(self, message, *, throttled=False):
        super().__init__(message)
        self.message = message
        self.throttled = throttled


def is_enabled(user):
    """Whether the member has turned two-factor sign-in on (a confirmed authenticator app)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user):
    """Whether the admin asks this account to enrol first (STAFF_REQUIRE_2FA, staff only)."""
    return bool(settings.STAFF_REQUIRE_2FA and user.is_staff)


def summary(user):
    """What the Management Center shows: on or off, recovery codes left, required or not."""
    enabled = is_enabled(user)
    return {
        "enabled": enabled,
        "codes_left": recovery_codes_left(user) if enabled else 0,
        "required": is_required(user),
    }


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_secret():
    """A new random TOTP key (hex, as TOTPDevice keeps it); held in the session until confirmed."""
    return default_key()


def secret_for_people(key):
    """The key as the base32 text authenticator apps accept, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(*, user, key):
    """The otpauth:// address a QR code carries: issuer, account and secret."""
    return TOTPDevice(user=user, key=key, name=APP_DEVICE_NAME).config_url


def qr_code_svg(uri):
    """The QR code of `uri` as inline SVG (no image request, so nothing for the CSP to allow)."""
    qr = segno.make(uri, error="m")
    svg = qr.svg_inline(border=4, dark="#000", light="#fff", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - made by segno from our own URI, no user markup


def _normalised(code):
    return "".join((code or "").split()).replace("-", "").lower()


def totp_device_confirm(*, user, key, code):
    """Turn two-factor sign-in on with `key` once `code` from the app matches it.

    Returns the confirmed device and the new recovery codes (shown to the member once).
    Raises CodeRefused when the code does not match the key at this time.
    """
    code = _normalised(code)
    totp = TOTP(bytes.fromhex(key), step=30, digits=6)
    totp.time = time.time()
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=TOLERANCE)):
        raise CodeRefused(
            "That code does not match. Check that the app shows the account you just added, "
            "and enter the 6-digit code it shows now."
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name=APP_DEVICE_NAME,
            key=key,
            confirmed=True,
            # The code just typed cannot be used again to sign in.
            last_t=totp.t(),
            drift=totp.drift,
        )
        codes = recovery_codes_renew(user=user)
    return device, codes


def recovery_codes_renew(*, user):
    """A new set of recovery codes for `user`; the previous set stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user, code):
    """The device that accepts `code`: the app for 6 digits, the recovery codes otherwise.

    A recovery code is deleted when it is used. Raises CodeRefused for a wrong code or while
    earlier wrong codes make the member wait.
    """
    code = _normalised(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        waits = [_wait(device) for device in devices]
        if any(waits):
            seconds = max(waits)
            verified = None
        else:
            verified = next((device for device in devices if device.verify_token(code)), None)
    # Raised outside the transaction, so the failure the device counted is kept.
    if any(waits):
        raise CodeRefused(
            f"Too many wrong codes in a row. Wait {seconds} second{'s' if seconds != 1 else ''} "
            "and try again.",
            throttled=True,
        )
    if verified is None:
        if model is StaticDevice:
            raise CodeRefused(
                "That recovery code is not right, or it was used before: each works once."
            )
        raise CodeRefused("That code is not right. Enter the 6-digit code your app shows now.")
    return verified


def _wait(device):
    """Seconds before `device` checks another code (0: it may check now)."""
    allowed, data = device.verify_is_allowed()
    if allowed or data.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return 0 if allowed else 1
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


def two_factor_disable(*, user):
    """Turn two-factor sign-in off for `user`: the app and the recovery codes are forgotten."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def session_verify(request, device):
    """Mark the signed-in session as having passed the second step with `device`."""
    otp_login(request, device)


def session_device(request):
    """The device this signed-in session passed the second step with, or None."""
    user = request.user
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not user.is_authenticated or not persistent_id:
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


def admin_allowed(request):
    """Whether the second step lets this staff session use the admin.

    Passed in this session: yes. Two-factor sign-in on but not passed here: no. Not enrolled:
    only while STAFF_REQUIRE_2FA is off. Kept on the request: the admin asks several times.
    """
    if not hasattr(request, "_two_factor_admin_allowed"):
        user = request.user
        if session_device(request) is not None:
            allowed = True
        elif is_enabled(user):
            allowed = False
        else:
            allowed = not is_required(user)
        request._two_factor_admin_allowed = allowed
    return request._two_factor_admin_allowed
