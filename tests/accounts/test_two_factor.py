"""Two-factor sign-in: enrolling, the sign-in's code step, recovery codes, the admin, turning off.

Codes are computed like an authenticator app would, with django_otp.oath.TOTP from the key, at
a time time-machine holds still.
"""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import services
from tests.accounts.factories import UserFactory
from tests.accounts.helpers import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    """Time held still at START; `clock.forward(seconds)` moves it on."""
    time_machine.move_to(START, tick=False)

    class Clock:
        now = START

        def forward(self, seconds):
            self.now += timedelta(seconds=seconds)
            time_machine.move_to(self.now, tick=False)

    return Clock()


def code_for(key):
    """The 6-digit code an authenticator app with `key` (hex) shows now."""
    return totp_code(key)


def enrol(user, clock):
    """Turn two-factor sign-in on for `user`; returns (key, recovery codes).

    The clock moves on one step, since the code used to confirm cannot be used again.
    """
    key = services.new_secret()
    _, codes = services.totp_device_confirm(user=user, key=key, code=code_for(key))
    clock.forward(30)
    return key, codes


def sign_in(client, user, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD, **extra}
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def errors(response):
    return " ".join(
        re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    )


# The setting.


def required_in(module, **env):
    """STAFF_REQUIRE_2FA as config/settings/<module>.py computes it, in a clean interpreter."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "folio.example.org",
        "DATABASE_URL": "postgres://folio@db.example.org:5432/folio",
        "REDIS_URL": "redis://cache.example.org:6379/0",  # production requires a shared cache
        **env,
    }
    code = f"from config.settings import {module} as s; print(s.STAFF_REQUIRE_2FA)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_requires_it_of_staff_unless_told_otherwise():
    assert required_in("production") == "True"
    assert required_in("production", STAFF_REQUIRE_2FA="false") == "False"


def test_development_and_the_tests_do_not_require_it_unless_told():
    assert required_in("dev") == "False"
    assert required_in("test") == "False"
    assert required_in("dev", STAFF_REQUIRE_2FA="true") == "True"


# Enrolling.


def test_the_enrol_page_shows_a_qr_code_as_inline_svg_and_the_key_to_type(client, member, clock):
    client.force_login(member)

    response = client.get(reverse("accounts:two-factor-setup"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="qr-code" role="img"' in html and '<svg viewBox="0 0 ' in html
    assert "<img" not in html.split('class="qr-code"')[1].split("</div>")[0]
    key = client.session["two_factor_setup_key"]
    assert services.secret_for_people(key) in html
    assert 'autocomplete="one-time-code"' in html
    # Nothing is stored until a code confirms the key, and a reload shows the same key.
    assert not TOTPDevice.objects.filter(user=member).exists()
    client.get(reverse("accounts:two-factor-setup"))
    assert client.session["two_factor_setup_key"] == key


def test_the_qr_code_carries_the_issuer_the_account_and_the_key(member):
    key = services.new_secret()

    uri = services.provisioning_uri(user=member, key=key)

    secret = services.secret_for_people(key).replace(" ", "")
    assert uri.startswith(f"otpauth://totp/Folio%3A{member.username}?secret={secret}&")
    assert uri.endswith("&issuer=Folio")
    assert "digits=6" in uri and "period=30" in uri


def test_a_current_code_turns_it_on_and_the_recovery_codes_are_shown_once(client, member, clock):
    client.force_login(member)
    client.get(reverse("accounts:two-factor-setup"))
    key = client.session["two_factor_setup_key"]

    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(key)})

    assert response.status_code == 302
    assert response.url == reverse("accounts:two-factor-codes")
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    page = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert "this is the only time they are shown" in page
    again = client.get(response.url).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 unused recovery codes" in again


def test_a_wrong_code_at_enrolment_keeps_it_off_with_a_clear_message(client, member, clock):
    client.force_login(member)
    client.get(reverse("accounts:two-factor-setup"))

    response = client.post(reverse("accounts:two-factor-setup"), {"code": "12345"})

    assert response.status_code == 200
    assert "That code does not match" in errors(response)
    assert 'value="12345"' in response.content.decode()  # what was typed is kept
    assert not TOTPDevice.objects.exists()


def test_the_code_used_to_enrol_cannot_sign_in(client, member, clock):
    client.force_login(member)
    client.get(reverse("accounts:two-factor-setup"))
    code = code_for(client.session["two_factor_setup_key"])
    client.post(reverse("accounts:two-factor-setup"), {"code": code})
    client.logout()

    sign_in(client, member)
    response = client.post(reverse("accounts:login-code"), {"code": code})

    assert "That code is not right" in errors(response)
    assert signed_in_as(client) is None


# Signing in.


def test_the_password_alone_does_not_sign_in_and_a_right_code_does(client, member, clock):
    key, _ = enrol(member, clock)

    response = sign_in(client, member)

    assert response.url == reverse("accounts:login-code")
    assert signed_in_as(client) is None
    page = client.get(response.url)
    assert "Enter your code" in page.content.decode()
    response = client.post(reverse("accounts:login-code"), {"code": code_for(key)})
    assert response.status_code == 302
    assert response.url == reverse("accounts:center")
    assert signed_in_as(client) == str(member.pk)
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("otp_totp.totpdevice/")


def test_members_without_two_factor_sign_in_with_the_password_only(client, member):
    response = sign_in(client, member)

    assert response.url == reverse("accounts:center")
    assert signed_in_as(client) == str(member.pk)


def test_a_recovery_code_signs_in_once_and_is_refused_after(client, member, clock):
    _, codes = enrol(member, clock)

    sign_in(client, member)
    response = client.post(reverse("accounts:login-code"), {"code": codes[0].upper()})
    assert signed_in_as(client) == str(member.pk)
    assert response.url == reverse("accounts:center")
    assert "You used a recovery code; 9 left" in client.get(response.url).content.decode()

    client.logout()
    clock.forward(5)
    sign_in(client, member)
    response = client.post(reverse("accounts:login-code"), {"code": codes[0]})
    assert response.status_code == 200
    assert "That recovery code is not right, or it was used before" in errors(response)
    assert signed_in_as(client) is None


def test_a_wrong_code_is_refused_throttled_and_counted_as_a_failed_sign_in(client, member, clock):
    key, _ = enrol(member, clock)
    sign_in(client, member)
    right = code_for(key)
    wrong = "000000" if right != "000000" else "111111"

    response = client.post(reverse("accounts:login-code"), {"code": wrong})

    assert "That code is not right. Enter the 6-digit code your app shows now." in errors(response)
    assert f'value="{wrong}"' in response.content.decode()
    assert AccessAttempt.objects.get(username=member.username).failures_since_start == 1
    # Straight after a wrong code even the right one waits (django-otp's throttling).
    response = client.post(reverse("accounts:login-code"), {"code": right})
    assert "Too many wrong codes in a row. Wait 1 second and try again." in errors(response)
    assert signed_in_as(client) is None
    clock.forward(1)
    response = client.post(reverse("accounts:login-code"), {"code": right})
    assert signed_in_as(client) == str(member.pk)


def test_wrong_codes_end_in_the_same_lockout_as_wrong_passwords(client, member, clock, settings):
    enrol(member, clock)
    sign_in(client, member)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        clock.forward(16)  # past the device's own throttling (1, 2, 4, 8 s)
        response = client.post(reverse("accounts:login-code"), {"code": "000000"})

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    clock.forward(60)
    assert client.post(reverse("accounts:login-code"), {"code": "000000"}).status_code == 429
    assert signed_in_as(client) is None


def test_next_is_kept_through_the_code_step_and_a_foreign_next_is_not(client, member, clock):
    key, _ = enrol(member, clock)
    saved = reverse("accounts:saved")

    client.post(
        reverse("accounts:login") + f"?next={saved}",
        {"username": member.username, "password": PASSWORD, "next": saved},
    )
    response = client.post(reverse("accounts:login-code"), {"code": code_for(key)})
    assert response.url == saved

    client.logout()
    clock.forward(30)
    sign_in(client, member, next="https://evil.example/")
    response = client.post(
        reverse("accounts:login-code") + "?next=https://evil.example/",
        {"code": code_for(key), "next": "https://evil.example/"},
    )
    assert response.url == reverse("accounts:center")


def test_the_code_step_expires_after_five_minutes(client, member, clock):
    key, _ = enrol(member, clock)
    sign_in(client, member)

    clock.forward(301)
    response = client.post(reverse("accounts:login-code"), {"code": code_for(key)}, follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "That took too long" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_code_step_without_a_password_first_goes_to_sign_in(client):
    response = client.get(reverse("accounts:login-code"))

    assert response.url == reverse("accounts:login")


# The admin.


def test_with_the_requirement_staff_without_an_app_are_sent_to_enrol(
    client, editor, clock, settings
):
    settings.STAFF_REQUIRE_2FA = True
    client.force_login(editor)

    response = client.get(reverse("admin:index"), follow=True)

    setup = reverse("accounts:two-factor-setup")
    assert response.redirect_chain[-1] == (f"{setup}?next=%2Fadmin%2F", 302)
    html = response.content.decode()
    assert "Staff accounts need two-factor sign-in to use the administration" in html
    assert client.get(reverse("admin:blog_article_changelist")).status_code == 302
    assert client.get(reverse("admin:blog_article_changelist")).url.startswith(
        reverse("admin:login")
    )

    # Enrolling there leads back to the admin, which now opens.
    key = client.session["two_factor_setup_key"]
    response = client.post(f"{setup}?next=/admin/", {"code": code_for(key), "next": "/admin/"})
    codes_page = client.get(response.url).content.decode()
    assert 'href="/admin/"' in codes_page and "I have kept them: continue" in codes_page
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:blog_article_changelist")).status_code == 200


def test_without_the_requirement_staff_without_an_app_use_the_admin(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(editor)

    assert client.get(reverse("admin:index")).status_code == 200


def test_with_an_app_the_admin_needs_a_session_that_passed_the_code_step(
    client, editor, clock, settings
):
    settings.STAFF_REQUIRE_2FA = False
    key, _ = enrol(editor, clock)
    client.force_login(editor)  # a password-only session, as from before enrolling

    response = client.get(reverse("admin:index"), follow=True)

    code_step = reverse("accounts:login-code")
    assert response.redirect_chain[-1] == (f"{code_step}?next=%2Fadmin%2F", 302)
    response = client.post(f"{code_step}?next=/admin/", {"code": code_for(key), "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(("required", "status"), [(True, 302), (False, 200)])
def test_the_editors_preview_endpoint_asks_what_the_admin_asks(
    client, editor, settings, required, status
):
    settings.STAFF_REQUIRE_2FA = required
    client.force_login(editor)

    response = client.post(reverse("markdownx_markdownify"), {"content": "# Heading"})

    assert response.status_code == status
    if required:
        assert response.url.startswith(reverse("admin:login"))


def test_the_admins_sign_in_page_asks_for_the_code_too(client, superuser, clock):
    key, _ = enrol(superuser, clock)

    response = client.post(
        reverse("admin:login") + "?next=/admin/blog/article/",
        {"username": superuser.username, "password": PASSWORD, "next": "/admin/blog/article/"},
    )

    assert response.url == reverse("accounts:login-code")
    assert signed_in_as(client) is None
    response = client.post(reverse("accounts:login-code"), {"code": code_for(key)})
    assert response.url == "/admin/blog/article/"
    assert client.get(response.url).status_code == 200


def test_a_superuser_sees_a_users_devices_and_resets_them(client, superuser, member, clock):
    enrol(member, clock)
    client.force_login(superuser)

    page = client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()
    assert "Two-factor sign-in: authenticator app" in page
    assert "Two-factor sign-in: recovery codes" in page
    assert "Authenticator app" in page and "Recovery codes" in page
    # Each can be deleted from the user's page, and neither shows its key or codes.
    assert len(re.findall(r'name="[^"]*-0-DELETE"', page)) == 2
    assert TOTPDevice.objects.get(user=member).key not in page

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [member.pk]},
        follow=True,
    )
    assert "Two-factor sign-in is off for 1 account(s)" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    fresh = Client()
    assert sign_in(fresh, member).url == reverse("accounts:center")
    assert signed_in_as(fresh) == str(member.pk)


def form_data(form):
    """What a browser would send for `form` as rendered (split date and time widgets too)."""
    data = {}
    for field in form:
        value = field.value()
        if value in (None, False, "", []):
            continue
        widget = field.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{field.html_name}_{index}"] = part
        else:
            data[field.html_name] = value
    return data


def test_a_superuser_deletes_a_users_devices_on_the_users_page(client, superuser, member, clock):
    enrol(member, clock)
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    member.refresh_from_db()
    assert member.check_password(PASSWORD) and member.email_verified_at is not None


# The Management Center: recovery codes and turning it off.


def test_the_center_shows_whether_two_factor_sign_in_is_on(client, member, clock):
    client.force_login(member)
    off = client.get(reverse("accounts:center")).content.decode()
    assert "Turn on two-factor sign-in" in off

    enrol(member, clock)
    on = client.get(reverse("accounts:center")).content.decode()
    assert "10 unused recovery codes" in on
    assert reverse("accounts:two-factor-disable") in on


def test_new_recovery_codes_replace_the_old_ones(client, member, clock):
    key, old = enrol(member, clock)
    sign_in(client, member)
    client.post(reverse("accounts:login-code"), {"code": code_for(key)})

    response = client.post(reverse("accounts:two-factor-codes"))
    page = client.get(response.url).content.decode()

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert "The old ones no longer work" in page
    with pytest.raises(services.CodeRefused):
        services.two_factor_verify(user=member, code=old[1])


def test_new_recovery_codes_need_a_session_that_passed_the_code_step(client, member, clock):
    _, old = enrol(member, clock)
    client.force_login(member)

    response = client.post(reverse("accounts:two-factor-codes"))

    assert response.url.startswith(reverse("accounts:login-code"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_turning_it_off_takes_the_password_and_a_code(client, member, clock):
    key, codes = enrol(member, clock)
    client.force_login(member)
    url = reverse("accounts:two-factor-disable")

    response = client.post(url, {"password": "not it", "code": code_for(key)})
    assert "That is not your password." in errors(response)
    response = client.post(url, {"password": PASSWORD, "code": "000000"})
    assert "That code is not right" in errors(response)
    assert TOTPDevice.objects.filter(user=member).exists()

    clock.forward(60)
    response = client.post(url, {"password": PASSWORD, "code": codes[3]}, follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()
    client.logout()
    assert sign_in(client, member).url == reverse("accounts:center")


def test_staff_see_that_the_admin_will_ask_again_when_turning_it_off(
    client, author, clock, settings
):
    settings.STAFF_REQUIRE_2FA = True
    enrol(author, clock)
    client.force_login(author)

    page = client.get(reverse("accounts:two-factor-disable")).content.decode()

    assert "you will be asked to turn it on again" in page


def test_an_account_two_factor_is_not_on_for_has_nothing_to_turn_off(client, member):
    client.force_login(member)

    response = client.get(reverse("accounts:two-factor-disable"), follow=True)

    assert "Two-factor sign-in is not on for your account." in response.content.decode()


def test_a_member_from_another_account_cannot_use_your_codes(client, member, clock):
    key, codes = enrol(member, clock)
    other = UserFactory()
    enrol(other, clock)

    with pytest.raises(services.CodeRefused):
        services.two_factor_verify(user=other, code=codes[0])
    with pytest.raises(services.CodeRefused):
        services.two_factor_verify(user=other, code=code_for(key))
