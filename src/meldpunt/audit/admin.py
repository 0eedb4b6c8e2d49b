"""Read-only admin view of the audit trail."""

from django.contrib import admin

from meldpunt.audit.models import AuditEvent, AuditVerification


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Events can be read and searched, never changed."""

    list_display = ("seq", "occurred_at", "actor", "action", "subject")
    list_filter = ("action",)
    search_fields = ("subject", "actor")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditVerification)
class AuditVerificationAdmin(admin.ModelAdmin):
    """Past verifications."""

    list_display = ("checked_at", "intact", "checked", "broken_seq", "problem")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
