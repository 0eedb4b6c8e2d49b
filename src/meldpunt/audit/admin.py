"""Read-only admin views of the audit trail, its checkpoints and its verifications."""

from django.contrib import admin

from meldpunt.audit.models import AuditCheckpoint, AuditEvent, AuditVerification


class AppendOnlyAdmin(admin.ModelAdmin):
    """Rows can be read and searched, never added, changed or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """The events."""

    list_display = ("seq", "occurred_at", "actor", "action", "subject")
    list_filter = ("action",)
    search_fields = ("subject", "actor")


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(AppendOnlyAdmin):
    """The database's copy of the signed checkpoints; the file in the data directory rules."""

    list_display = ("seq", "signed_at", "reason")
    list_filter = ("reason",)


@admin.register(AuditVerification)
class AuditVerificationAdmin(admin.ModelAdmin):
    """Past verifications."""

    list_display = ("checked_at", "intact", "checked", "broken_seq", "problem")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
