"""The audit trail in the admin area: searchable, never editable."""

from django.contrib import admin

from clearhold.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "organisation", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("username", "organisation", "object_repr", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
