"""The admin site: Django's, asking staff for the second step of two-factor sign-in.

A staff session may use the admin when it passed the code step, or, while STAFF_REQUIRE_2FA is
off, when the account has no authenticator app. Otherwise the admin's sign-in page sends the
member on: to the code step if they have an app, to enrolling if they have none. Signing in on
the admin's page is the site's SignInView, so it asks for the code like the site's own page.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from .two_factor import services
from .two_factor.views import SignInView


class TwoFactorAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and services.admin_allowed(request)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        user = request.user
        index = reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(index)
        if user.is_active and user.is_staff and not services.admin_allowed(request):
            # Signed in with the password only: what is missing is the code, or enrolling.
            target = (
                "accounts:login-code" if services.is_enabled(user) else "accounts:two-factor-setup"
            )
            next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = index
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
        # Django's AdminSite.login with the site's sign-in view in place of LoginView.
        from django.contrib.admin.forms import AdminAuthenticationForm

        context = {
            **self.each_context(request),
            "title": "Log in",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = index
        context.update(extra_context or {})
        request.current_app = self.name
        # The same budgets of failed sign-ins as the site's own page (README, Limits).
        from .views import throttle_sign_in

        return throttle_sign_in(
            SignInView.as_view(
                extra_context=context,
                authentication_form=self.login_form or AdminAuthenticationForm,
                template_name=self.login_template or "admin/login.html",
            )
        )(request)
