"""Admin for reports and items: read-only (changes go through audited services)."""

from django.contrib import admin

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.intake.models import Item, Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    """Reports; the sealed contact is excluded."""

    list_display = ("receipt_code", "channel", "medium", "partner", "received_at")
    list_filter = ("channel", "medium")
    search_fields = ("receipt_code", "reference")
    exclude = ("sealed_contact",)
    readonly_fields = ("receipt_code", "channel", "partner", "received_at")


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin[Item]):
    """Items."""

    list_display = ("pk", "host", "medium", "report_count", "last_reported_at")
    search_fields = ("url", "host", "registrable_domain")
    readonly_fields = ("dedup_key", "first_reported_at", "last_reported_at", "report_count")
