"""Admin for captures: read-only, retried through the retry service."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture
from meldpunt.capture.retries import RetryReason, retry_captures


@admin.register(Capture)
class CaptureAdmin(ReadOnlyAdmin[Capture]):
    """Where each item stands; changed only by the pipeline, or retried through its service."""

    list_display = ("item_id", "state", "kind", "attempts", "error", "updated_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in Capture._meta.fields]
    actions = ["retry_failed"]

    @admin.action(description=_("Retry the selected failed captures"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Capture]) -> None:
        """A fresh attempt for each failed capture selected (others are left alone), audited."""
        chosen = list(queryset.values_list("pk", flat=True))
        retried = retry_captures(chosen, Actor.staff(request.user), RetryReason.REQUESTED)
        self.message_user(
            request,
            _("%(retried)d of %(chosen)d selected captures are queued for a fresh attempt.")
            % {"retried": len(retried), "chosen": len(chosen)},
        )
