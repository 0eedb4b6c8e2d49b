"""Read-only admin view of the audit trail."""

from django.contrib import admin

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.audit.models import AuditEvent, AuditVerification


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Events can be read and searched, never changed."""

    list_display = ("seq", "occurred_at", "actor", "action", "subject")
    list_filter = ("action",)
    search_fields = ("subject", "actor")


@admin.register(AuditVerification)
class AuditVerificationAdmin(ReadOnlyAdmin):
    """Past verifications."""

    list_display = ("checked_at", "intact", "checked", "broken_seq", "problem")
