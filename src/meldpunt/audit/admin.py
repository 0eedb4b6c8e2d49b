"""Read-only admin views of the audit trail, its checkpoints and its verifications."""

from django.contrib import admin

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.audit.models import AuditCheckpoint, AuditEvent, AuditVerification


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The events: read and searched, never changed."""

    list_display = ("seq", "occurred_at", "actor", "action", "subject")
    list_filter = ("action",)
    search_fields = ("subject", "actor")


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin[AuditCheckpoint]):
    """The database's copy of the signed checkpoints; the file in the data directory rules."""

    list_display = ("seq", "signed_at", "reason")
    list_filter = ("reason",)


@admin.register(AuditVerification)
class AuditVerificationAdmin(ReadOnlyAdmin[AuditVerification]):
    """Past verifications."""

    list_display = ("checked_at", "intact", "checked", "broken_seq", "problem")
