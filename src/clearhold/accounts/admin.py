from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhold.accounts.models import Organisation, RecoveryCodeDevice, User
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    """Where an administrator deletes a person's recovery codes (with their app, under TOTP
    devices) when both are lost, so the person sets up a second factor afresh."""

    list_display = ("user", "codes_left")
    fields = ("user", "name")
    readonly_fields = ("user", "name")
    search_fields = ("user__username", "user__last_name")

    @admin.display(description="Codes left")
    def codes_left(self, obj: RecoveryCodeDevice) -> int:
        return obj.codes.count()

    def has_add_permission(self, request) -> bool:
        return False


class TOTPDeviceAdmin(admin.ModelAdmin):
    """Where an administrator deletes a person's lost authenticator app, so they set one up
    afresh. In place of django-otp's own, which shows every app's secret (as text and as a QR
    code, set up or still being set up) and lets one be written in: either would hand the
    administrator the person's second factor."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    search_fields = ("user__username", "user__last_name")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj: TOTPDevice | None = None) -> bool:
        return False

    def delete_model(self, request, obj: TOTPDevice) -> None:
        super().delete_model(request, obj)
        _app_removed(request, obj)

    def delete_queryset(self, request, queryset: QuerySet[TOTPDevice]) -> None:
        removed = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        for device in removed:
            _app_removed(request, device)


def _app_removed(request, device: TOTPDevice) -> None:
    audit_record(
        action=AuditAction.CHANGE,
        obj=device.user,
        user=request.user,
        detail="authenticator app removed by an administrator",
    )


# django-otp registers its own at start-up, before or after this module (it ignores a
# second registration), so take its place whichever came first.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)


@admin.register(User)
class ClearHoldUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "role", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "ClearHold",
            {
                "fields": (
                    "organisation",
                    "role",
                    "job_title",
                    "data_protection_officer",
                    "oidc_subject",
                )
            },
        ),
        ("Sessions", {"fields": ("signed_in_sessions_link",)}),
    )
    readonly_fields = ("signed_in_sessions_link",)

    @admin.display(description="Signed-in sessions")
    def signed_in_sessions_link(self, obj: User) -> str:
        """Where the administrator sees and ends this person's sessions."""
        if obj.pk is None:
            return "–"
        url = reverse("accounts:person-sessions", args=[obj.pk])
        return format_html('<a href="{}">See and sign out this person’s sessions</a>', url)

    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("ClearHold", {"fields": ("organisation", "role", "job_title")}),
    )
