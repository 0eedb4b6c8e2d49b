"""Admin for partners: keys are issued from the CLI, never shown here."""

from django.contrib import admin

from meldpunt.audit.admin_changes import AuditedAdmin
from meldpunt.partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin[Partner]):
    """Activate or deactivate partners."""

    list_display = ("name", "key_prefix", "active", "created_at")
    readonly_fields = ("key_prefix", "key_digest", "created_at")
