"""Subscribing without an account: the form, the double opt-in, the manage page reached by
the signed link in every e-mail, and one-click unsubscribe (accounts/subscriptions.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.throttle import Throttled, client_ip, count_attempt

from . import subscriptions
from .forms import SubscribeForm, SubscriptionForm
from .tokens import LinkError
from .views import _base_url, _refused


# CSRF-exempt: the form is on whole pages cached for readers without cookies, so it cannot
# carry a token; a forged POST can only make us e-mail a confirmation link to an address,
# which the per-address budget bounds and which does nothing unless its owner presses the
# button on the confirmation page.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: the form alone. POST: "check your inbox", the same for every valid address
    (new, already subscribed, a member's, or over its own budget); 429 only over the budgets
    per client and for the site, which say nothing about the address."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count_attempt("subscribe", client=client_ip(request))
        except Throttled as throttled:
            return _refused(request, "accounts/subscribe.html", form, throttled, "subscribe")
        email = form.cleaned_data["email"]
        subscriptions.subscriber_request(email=email, base_url=_base_url(request))
        return render(request, "accounts/subscribe_sent.html", {"email": email})
    return render(request, "accounts/subscribe.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe_confirm(request, token):
    """GET shows a button (mail scanners open links); POST confirms the subscription."""
    if request.method == "GET":
        return render(request, "accounts/subscribe_confirm.html", {"token": token})
    try:
        subscriber = subscriptions.subscriber_confirm(token=token)
    except LinkError as error:
        return _invalid(request, expired=error.expired)
    messages.success(request, f"Thank you: {subscriber.email} is subscribed.")
    return redirect(subscriptions.manage_url(subscriber, base_url=_base_url(request)))


@never_cache
@require_http_methods(["GET", "POST"])
def subscription(request, token):
    """The manage page: topics and frequency, unsubscribe, delete the subscription."""
    try:
        subscriber = subscriptions.subscriber_from_link(token=token)
    except LinkError:
        return _invalid(request, expired=False)
    action = request.POST.get("action")
    if request.method == "POST" and action == "delete":
        subscriptions.subscriber_delete(subscriber=subscriber)
        return render(request, "accounts/subscription_deleted.html")
    if request.method == "POST" and action == "unsubscribe":
        subscriptions.subscriber_unsubscribe(token=token)
        messages.success(request, "You are unsubscribed: we will not e-mail you any more.")
        return redirect(request.path)
    form = SubscriptionForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        subscriptions.subscriber_update(subscriber=subscriber, **form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect(request.path)
    context = {"form": form, "subscriber": subscriber, "token": token}
    return render(request, "accounts/subscription.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): GET asks, POST does it.

    CSRF-exempt because mail clients POST here directly; the signed token is what authorises
    it, and it can do nothing but stop the e-mails to that subscription.
    """
    if request.method == "GET":
        try:
            subscriptions.subscriber_from_link(token=token)
        except LinkError:
            return _invalid(request, expired=False)
        return render(request, "accounts/subscriber_unsubscribe.html", {"token": token})
    try:
        subscriber = subscriptions.subscriber_unsubscribe(token=token)
    except LinkError:
        return _invalid(request, expired=False)
    context = {"exists": subscriber is not None, "token": token}
    return render(request, "accounts/subscriber_unsubscribed.html", context)


def _invalid(request, *, expired):
    context = {"expired": expired, "form": SubscribeForm()}
    return render(request, "accounts/subscribe_link_invalid.html", context, status=400)
