from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html

from clearhold.accounts.models import Organisation, RecoveryCodeDevice, User


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
