from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import path, reverse_lazy

from . import subscription_views, views
from .forms import SignInForm
from .two_factor import views as two_factor


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:center")
    success_message = "Your password is changed."


app_name = "accounts"

urlpatterns = [
    path("", views.center, name="center"),
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        views.throttle_sign_in(
            two_factor.SignInView.as_view(
                template_name="accounts/login.html",
                authentication_form=SignInForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    # A wrong code counts as a failed sign-in (user_login_failed): the same budgets apply.
    path("login/code/", views.throttle_sign_in(two_factor.login_code), name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", PasswordChangeView.as_view(), name="password-change"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            extra_email_context={"site_name": settings.SITE_NAME},
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("verify/resend/", views.verify_resend, name="verify-resend"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("email/", views.email_change, name="email-change"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("email/cancel/<str:token>/", views.email_cancel, name="email-cancel"),
    path("saved/", views.saved, name="saved"),
    path("topics/", views.follows, name="follows"),
    path("data/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("subscribe/", subscription_views.subscribe, name="subscribe"),
    path(
        "subscribe/confirm/<str:token>/",
        subscription_views.subscribe_confirm,
        name="subscribe-confirm",
    ),
    path("subscription/<str:token>/", subscription_views.subscription, name="subscription"),
    path(
        "subscription/<str:token>/unsubscribe/",
        subscription_views.unsubscribe,
        name="subscriber-unsubscribe",
    ),
    path("two-factor/", two_factor.setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two-factor-codes"),
    path("two-factor/off/", two_factor.disable, name="two-factor-disable"),
]
