from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html

from clearhold.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


@admin.register(User)
class ClearHoldUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "role", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "ClearHold",
            {"fields": ("organisation", "role", "job_title", "data_protection_officer")},
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
