"""The admin site: Django's, asking staff for the second step of two-factor sign-in.

A staff session may use the admin when it passed the code step, or, while STAFF_REQUIRE_2FA is
off, when the account has no authenticator app. Otherwise the admin's sign-in page sends the
member on: to the code step if they have an app, to enrolling if they have none. Signing in on
the admin's page is the site's SignInView, so it asks for the code like the site's own page.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from .two_factor import services
from .two_factor.views import SignInView


class TwoFactorAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and services.admin_allowed(request)

    def get_urls(self):
        # First, so it answers the admin's "View on site" links (same name and route).
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "View on site" redirect, for objects this user may see in the admin and at
        their public address: another author's draft is a 404 here, as at its address, and its
        slug is not given away in a Location header."""
        content_type = get_object_or_404(ContentType, pk=content_type_id)
        model = content_type.model_class()
        if model is None:
            raise Http404
        opts = model._meta
        if not any(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("view", "change")
        ):
            raise Http404
        objects = model._default_manager
        if hasattr(objects, "visible_to"):  # the rule for unpublished content, if it has any
            objects = objects.visible_to(request.user)
        try:
            if not objects.filter(pk=object_id).exists():
                raise Http404
        except (ValueError, ValidationError) as error:  # not a primary key of this model
            raise Http404 from error
        return contenttype_views.shortcut(request, content_type_id, object_id)

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
