from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("ClearHold", {"fields": ("organisation", "role", "job_title")}),
    )
