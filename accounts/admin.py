from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .two_factor import services as two_factor

# django-otp registers admins for its devices that show their secret keys and QR codes; here
# devices are listed on each user's page instead, where a superuser can delete them.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class DeviceInline(admin.TabularInline):
    """A user's two-factor devices, read-only; ticking "Delete" and saving resets them."""

    fields = ("name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TOTPDeviceInline(DeviceInline):
    model = TOTPDevice
    verbose_name = "two-factor authenticator app"
    verbose_name_plural = "Two-factor sign-in: authenticator app"


class StaticDeviceInline(DeviceInline):
    model = StaticDevice
    verbose_name = "set of recovery codes"
    verbose_name_plural = "Two-factor sign-in: recovery codes"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "display_name", "is_staff", "email_verified_at")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "email", "display_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "avatar", "email_verified_at")}),
        ("E-mail preferences", {"fields": ("notify_on_follow", "notify_on_reply")}),
    )
    # Members upload avatars through their profile form, which cleans the image.
    readonly_fields = ("avatar",)
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    inlines = (TOTPDeviceInline, StaticDeviceInline)
    actions = ("reset_two_factor",)

    @admin.action(
        description="Reset two-factor sign-in (for a lost phone)",
        permissions=("change",),
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.two_factor_disable(user=user)
        messages.success(
            request,
            f"Two-factor sign-in is off for {len(queryset)} account(s); they sign in with their "
            "password and can turn it on again in the Management Center.",
        )
