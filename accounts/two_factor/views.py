"""Signing in with a second step, enrolling an authenticator app, recovery codes, turning it off.

Sign-in: `SignInView` is Django's LoginView; for an account with two-factor sign-in on, a right
password does not sign in but keeps the account in the session for a few minutes and asks for a
code (`login_code`). Only a right code signs the session in. Wrong codes are throttled by the
device and counted by django-axes as failed sign-ins, so they end in the same lockout.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, user_login_failed
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from ..views import locked_out
from . import services
from .forms import CodeForm, DisableForm

PENDING_KEY = "two_factor_pending"
SETUP_KEY = "two_factor_setup_key"
CODES_KEY = "two_factor_new_codes"
# How long after the right password the code may be entered.
PENDING_SECONDS = 300


def _safe_next(request, fallback=None):
    """The `next` address of the request if it stays on this site, else `fallback`."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def _with_next(name, next_url):
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SignInView(LoginView):
    """Django's sign-in; an account with two-factor sign-in on gets the code step first."""

    def form_valid(self, form):
        user = form.get_user()
        if not services.is_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": timezone.now().timestamp(),
        }
        return redirect("accounts:login-code")


def _pending_sign_in(request):
    """(user, backend, next) of a sign-in waiting for its code, or None (none, or too old)."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        messages.warning(
            request, "That took too long: enter your password again, then the code from your app."
        )
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None
    return user, pending["backend"], pending["next"]


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: a code from the app or a recovery code, after the right password.

    Also asks a member who is signed in but whose session has not passed the step (signed in
    before enrolling, in another browser) when the admin needs it.
    """
    pending = _pending_sign_in(request)
    if pending:
        user, backend, next_url = pending
    elif (
        request.user.is_authenticated
        and services.is_enabled(request.user)
        and services.session_device(request) is None
    ):
        user, backend = request.user, None  # signed in already: only the step is missing
        next_url = _safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    elif request.user.is_authenticated:
        return redirect(_safe_next(request, reverse("accounts:center")))
    else:
        return redirect("accounts:login")

    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
            if not refusal.throttled:
                # django-axes counts it; at its limit its middleware answers with the lockout.
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            if pending:
                del request.session[PENDING_KEY]
                login(request, user, backend=backend)
            services.session_verify(request, device)
            if isinstance(device, StaticDevice):
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code; {left} left. If you lost your phone, turn "
                    "two-factor sign-in off and on again with the new phone in the Management "
                    "Center.",
                )
            return redirect(next_url)
    context = {"form": form, "next": next_url if not pending else ""}
    return render(request, "accounts/two_factor/code.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Turn two-factor sign-in on: a QR code and the secret for the app, then a code to confirm.

    The secret stays in the session (not the database) until a code from the app confirms it;
    then the recovery codes are shown once.
    """
    user = request.user
    if services.is_enabled(user):
        messages.info(request, "Two-factor sign-in is already on for your account.")
        return redirect(reverse("accounts:center") + "#two-factor")
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = services.new_secret()
    next_url = _safe_next(request)
    form = CodeForm(
        request.POST or None,
        label="Code from the app",
        help_text="The 6-digit code the app shows for this account now.",
        autofocus=False,  # the QR code above comes first
    )
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_device_confirm(
                user=user, key=key, code=form.cleaned_data["code"]
            )
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            del request.session[SETUP_KEY]
            services.session_verify(request, device)
            request.session[CODES_KEY] = codes
            messages.success(request, "Two-factor sign-in is on.")
            return redirect(_with_next("accounts:two-factor-codes", next_url))
    uri = services.provisioning_uri(user=user, key=key)
    context = {
        "form": form,
        "qr_code": services.qr_code_svg(uri),
        "secret": services.secret_for_people(key),
        "required": services.is_required(user),
        "next": next_url or "",
    }
    return render(request, "accounts/two_factor/setup.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """The recovery codes, shown once after they are made; POST makes a new set.

    Making a new set needs a session that passed the second step; the old codes stop working.
    """
    user = request.user
    if not services.is_enabled(user):
        return redirect("accounts:two-factor-setup")
    if request.method == "POST":
        if services.session_device(request) is None:
            return redirect(_with_next("accounts:login-code", reverse("accounts:two-factor-codes")))
        request.session[CODES_KEY] = services.recovery_codes_renew(user=user)
        messages.success(request, "Here are your new recovery codes. The old ones no longer work.")
        return redirect("accounts:two-factor-codes")
    context = {
        "codes": request.session.pop(CODES_KEY, None),
        "left": services.recovery_codes_left(user),
        "next": _safe_next(request) or "",
    }
    return render(request, "accounts/two_factor/recovery_codes.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def disable(request):
    """Turn two-factor sign-in off, with the password and a code from the app or a recovery code."""
    user = request.user
    if not services.is_enabled(user):
        messages.info(request, "Two-factor sign-in is not on for your account.")
        return redirect(reverse("accounts:center") + "#two-factor")
    form = DisableForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.two_factor_disable(user=user)
        messages.success(request, "Two-factor sign-in is off. You sign in with your password only.")
        return redirect(reverse("accounts:center") + "#two-factor")
    context = {"form": form, "required": services.is_required(user)}
    return render(request, "accounts/two_factor/disable.html", context)
