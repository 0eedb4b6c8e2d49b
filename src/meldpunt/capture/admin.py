"""Admin for the hotline's own hosting knowledge; captures are read-only here."""

from django.contrib import admin

from meldpunt.audit.admin_changes import AuditedAdmin, ReadOnlyAdmin
from meldpunt.capture.models import Capture, DomainRuleRecord, HostingProvider


@admin.register(HostingProvider)
class HostingProviderAdmin(AuditedAdmin[HostingProvider]):
    """Known providers, matched by AS number."""

    list_display = ("name", "asns", "abuse_email", "country")
    search_fields = ("name", "asns", "abuse_email")


@admin.register(DomainRuleRecord)
class DomainRuleAdmin(AuditedAdmin[DomainRuleRecord]):
    """Forced hoster, CDN in front, notify the site owner."""

    list_display = ("domain", "force_hoster", "behind_cdn", "notify_site_owner")
    search_fields = ("domain", "force_hoster")


@admin.register(Capture)
class CaptureAdmin(ReadOnlyAdmin[Capture]):
    """Where each item stands; changed only by the pipeline."""

    list_display = ("item_id", "state", "kind", "attempts", "error", "updated_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in Capture._meta.fields]
