"""Sign-up, verification, the Management Center and what it links to.

Sign-in, sign-out and the password flows are Django's auth views, configured in urls.py;
`throttle_sign_in` and `PasswordResetView` put them on the budgets of core.throttle.
"""

import functools
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from blog.models import Article, Bookmark, Follow, published_condition
from comments.models import Comment
from core.throttle import Throttled, client_ip, count_attempt, retry_after

from . import services
from .email_change import (
    EmailChangeRefused,
    user_cancel_email_change,
    user_confirm_email_change,
    user_request_email_change,
)
from .forms import (
    DeleteAccountForm,
    EmailChangeForm,
    EmailPreferencesForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
)
from .tokens import LinkError, read_unsubscribe_token
from .two_factor import services as two_factor


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _throttled_message(throttled, doing):
    """What a visitor over a client or site-wide budget is told (the address budgets of these
    forms are never told apart from success)."""
    where = "from your network" if throttled.scope == "client" else "on the site"
    wait = "a minute" if throttled.minutes == 1 else f"{throttled.minutes} minutes"
    return (
        f"Too many attempts to {doing} {where} just now. Nothing was sent. Please try again "
        f"in {wait}; what you typed is kept below."
    )


def _refused(request, template, form, throttled, doing):
    """The form again, with what the visitor typed, a message, 429 and Retry-After."""
    if throttled.scope == "address":  # a member's own budget (change of e-mail)
        wait = "a minute" if throttled.minutes == 1 else f"{throttled.minutes} minutes"
        message = (
            f"You have asked to {doing} several times just now. Nothing was sent. Please try "
            f"again in {wait}; what you typed is kept below."
        )
    else:
        message = _throttled_message(throttled, doing)
    form.add_error(None, message)
    return retry_after(render(request, template, {"form": form}, status=429), throttled)


@require_http_methods(["GET", "POST"])
def signup(request):
    """Create an account: e-mail, display name, password; then "check your inbox".

    An address that already has an account gets the same answer (its owner is e-mailed
    instead), and so does one over its budget of sign-ups (nothing is sent).
    """
    if request.user.is_authenticated:
        return redirect("accounts:center")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            count_attempt("sign-up", address=email, client=client_ip(request))
        except Throttled as throttled:
            if throttled.scope != "address":
                return _refused(request, "accounts/signup.html", form, throttled, "sign up")
        else:
            services.user_register(**form.cleaned_data, base_url=_base_url(request))
        return render(request, "accounts/signup_done.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """GET shows a button (mail scanners open links); POST confirms the e-mail address."""
    if request.method == "GET":
        return render(request, "accounts/verify_confirm.html", {"token": token})
    try:
        user = services.user_verify_email(token=token)
    except LinkError as error:
        return render(
            request,
            "accounts/link_invalid.html",
            {"expired": error.expired, "form": ResendVerificationForm()},
            status=400,
        )
    messages.success(request, f"Thank you: {user.email} is confirmed.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:center")
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def verify_resend(request):
    """Send a new confirmation link, to the member's own address or one typed in the form.

    Confirmation e-mails to one address are on a budget (FOLIO_THROTTLES
    ["verification-email"]). For a typed address the reply is the same whether it has an
    unconfirmed account, a confirmed one, none, or has had its e-mails for now; only the
    budgets per client and for the site answer 429.
    """
    user = request.user
    if user.is_authenticated:
        if request.method == "POST" and not user.is_verified:
            if services.user_send_verification(user=user, base_url=_base_url(request)):
                messages.success(request, f"We sent a new confirmation link to {user.email}.")
            else:
                messages.warning(
                    request,
                    "A confirmation e-mail was sent to your address a short while ago, or "
                    "several today. Please check your inbox (and spam folder), or try again "
                    "later.",
                )
        return redirect("accounts:center")
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            count_attempt("verify-resend", client=client_ip(request))
        except Throttled as throttled:
            return _refused(
                request, "accounts/verify_resend.html", form, throttled, "send confirmation links"
            )
        services.user_resend_verification(email=email, base_url=_base_url(request))
        return render(request, "accounts/verify_resent.html", {"email": email})
    return render(request, "accounts/verify_resend.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form on budgets: over the client or site budget the form comes back
    with 429; over one address's budget the answer is the usual one and nothing is sent."""

    def form_valid(self, form):
        try:
            count_attempt(
                "password-reset",
                address=form.cleaned_data["email"],
                client=client_ip(self.request),
            )
        except Throttled as throttled:
            if throttled.scope == "address":
                return redirect(self.get_success_url())
            return _refused(self.request, self.template_name, form, throttled, "reset passwords")
        return super().form_valid(form)


def throttle_sign_in(view):
    """Put failed sign-ins through `view` on budgets per client address and for the site.

    Each POST is counted before the password is checked and given back unless a sign-in
    failed in it (Django's user_login_failed signal), so twelve guesses sent at once against a
    budget of five get five checked. Wraps any sign-in view (accounts/urls.py); django-axes'
    lockout per account and address still applies inside it.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            attempt = count_attempt("sign-in", client=client_ip(request))
        except Throttled as throttled:
            context = {
                "minutes": throttled.minutes,
                "from_here": throttled.scope == "client",
            }
            response = render(request, "accounts/sign_in_throttled.html", context, status=429)
            return retry_after(response, throttled)
        request.folio_sign_in_failed = False
        response = view(request, *args, **kwargs)
        if not request.folio_sign_in_failed:
            attempt.cancel()
        return response

    return wrapped


@receiver(user_login_failed, dispatch_uid="accounts.sign_in_failed")
def _note_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is not None:
        request.folio_sign_in_failed = True


@login_required
def center(request):
    """The Management Center: everything the member has here, each with a way to change it."""
    user = request.user
    # Saved articles that are no longer public are left out (and come back if republished);
    # comments stay, without the title of an article that is no longer public.
    bookmarks = Bookmark.objects.filter(user=user).filter(published_condition(prefix="article__"))
    context = {
        "footer_current": request.path,  # the footer marks its Management Center link
        "saved": bookmarks.select_related("article", "article__category")[:5],
        "saved_count": bookmarks.count(),
        "follows": _follows(user),
        "comments": Comment.objects.filter(author=user, is_deleted=False)
        .select_related("article")
        .order_by("-created_at")[:5],
        "comments_count": Comment.objects.filter(author=user, is_deleted=False).count(),
        "preferences_form": EmailPreferencesForm(instance=user),
        "two_factor": two_factor.summary(user),
        "pending_email": _pending_email(user),
    }
    if user.is_staff:
        context["unpublished"] = (
            Article.objects.filter(author=user)
            .exclude(pk__in=Article.objects.published().values("pk"))
            .order_by("-updated_at")
        )
    return render(request, "accounts/center.html", context)


def _follows(user):
    """The member's categories, tags and authors followed, in one query."""
    return Follow.objects.filter(user=user).select_related("category", "tag", "author")


def _pending_email(user):
    """The address a change of e-mail waits for, while its link still works."""
    asked = user.pending_email_requested_at
    if (
        user.pending_email
        and asked
        and asked + settings.ACCOUNT_EMAIL_CHANGE_MAX_AGE > timezone.now()
    ):
        return user.pending_email
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Edit display name, bio and avatar."""
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(form=form)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:center")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    """Ask for a new e-mail address with the password; a link goes to the new address and a
    notice with a cancel link to the current one. Each POST is on the "email-change" budget
    (per member, per client, for the site), wrong passwords included."""
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        try:
            count_attempt("email-change", address=str(request.user.pk), client=client_ip(request))
        except Throttled as throttled:
            return _refused(
                request, "accounts/email_change.html", form, throttled, "change your address"
            )
        if form.is_valid():
            new_email = form.cleaned_data["new_email"]
            user_request_email_change(
                user=request.user, new_email=new_email, base_url=_base_url(request)
            )
            messages.success(
                request,
                f"We sent a link to {new_email}: open it within "
                f"{_hours(settings.ACCOUNT_EMAIL_CHANGE_MAX_AGE)} to make it your address. "
                f"Until then you keep using {request.user.email}.",
            )
            return redirect(reverse("accounts:center") + "#email")
    return render(request, "accounts/email_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """GET shows a button (mail scanners open links); POST makes the new address the
    account's."""
    if request.method == "GET":
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        user = user_confirm_email_change(token=token)
    except (LinkError, EmailChangeRefused) as error:
        context = {
            "expired": getattr(error, "expired", False),
            "reason": str(error) if isinstance(error, EmailChangeRefused) else "",
        }
        return render(request, "accounts/email_link_invalid.html", context, status=400)
    messages.success(request, f"Thank you: your address is now {user.email}.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(reverse("accounts:center") + "#email")
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def email_cancel(request, token):
    """From the notice sent to the old address: GET asks, POST calls the change off (or puts
    the old address back if the change was confirmed)."""
    if request.method == "GET":
        return render(request, "accounts/email_cancel.html", {"token": token})
    try:
        user, undone = user_cancel_email_change(token=token)
    except LinkError as error:
        context = {"expired": error.expired, "reason": "", "cancel": True}
        return render(request, "accounts/email_link_invalid.html", context, status=400)
    return render(request, "accounts/email_cancelled.html", {"email": user.email, "undone": undone})


def _hours(duration):
    hours = int(duration.total_seconds() // 3600)
    return "an hour" if hours == 1 else f"{hours} hours"


@login_required
def saved(request):
    """Every article the member saved that readers can see, newest first, 20 to a page."""
    bookmarks = (
        Bookmark.objects.filter(user=request.user)
        .filter(published_condition(prefix="article__"))
        .select_related("article", "article__category")
        .order_by("-created_at", "-id")
    )
    page = Paginator(bookmarks, 20).get_page(request.GET.get("page"))
    return render(request, "accounts/saved.html", {"page_obj": page, "bookmarks": page})


@login_required
@require_http_methods(["GET", "POST"])
def follows(request):
    """Followed categories (each with an Unfollow button) and the e-mail preferences form."""
    form = EmailPreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_preferences(form=form)
        messages.success(request, "Your e-mail preferences are saved.")
        return redirect("accounts:follows")
    context = {
        "preferences_form": form,
        "follows": _follows(request.user),
    }
    return render(request, "accounts/follows.html", context)


@login_required
def export(request):
    """ "Download my data": everything stored about the member, as a JSON file."""
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"folio-data-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account after the password is given; the member is signed out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and your personal data have been deleted.")
        return redirect("blog:home")
    return render(request, "accounts/delete.html", {"form": form})


# What each kind of e-mail (tokens.UNSUBSCRIBE_KINDS) is about, for the unsubscribe pages.
UNSUBSCRIBE_ABOUT = {
    "follow": "new articles from the topics and authors you follow",
    "reply": "replies to your comments",
    "comment": "new comments on your articles",
}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop one kind of e-mail (the token says which) from a link in one: GET asks, POST
    does it.

    CSRF-exempt because mail clients POST here directly (RFC 8058 one-click); the signed token
    is what authorises it, and it can do nothing but switch that kind of e-mail off.
    """
    try:
        user_pk, kind = read_unsubscribe_token(token)
    except LinkError:
        return render(request, "accounts/unsubscribe_invalid.html", status=400)
    context = {"token": token, "about": UNSUBSCRIBE_ABOUT[kind]}
    if request.method == "GET":
        return render(request, "accounts/unsubscribe_confirm.html", context)
    user = services.user_unsubscribe(user_pk=user_pk, kind=kind)
    context["account_exists"] = user is not None
    return render(request, "accounts/unsubscribe_done.html", context)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows when a username + address pair is locked (429 Too Many Requests)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": seconds // 60}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
