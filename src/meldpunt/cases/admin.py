"""Cases, their events, contents and verdicts in the admin: read-only, as only services
change them (and audit every change)."""

from django.contrib import admin

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.cases.models import Case, CaseEvent, Content, Verdict


class EventInline(admin.TabularInline):
    """A case's timeline, oldest first."""

    model = CaseEvent
    fields = ("at", "kind", "actor", "capture", "details")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        """Events are written by services only."""
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin[Case]):
    """Where each case stands, with its timeline."""

    list_display = ("item_id", "state", "content_id", "state_changed_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [EventInline]


@admin.register(Content)
class ContentAdmin(ReadOnlyAdmin[Content]):
    """Contents by SHA-256, with their group."""

    list_display = ("pk", "sha256", "kind", "pdq_quality", "group_id", "first_captured_at")
    search_fields = ("sha256", "md5", "sha1")
    readonly_fields = [f.name for f in Content._meta.fields]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin[Verdict]):
    """Verdicts per content and jurisdiction, with their source."""

    list_display = (
        "content_id",
        "jurisdiction",
        "legality",
        "baseline",
        "classification",
        "source",
    )
    list_filter = ("jurisdiction", "legality", "source")
    readonly_fields = [f.name for f in Verdict._meta.fields]
