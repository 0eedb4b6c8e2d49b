"""The privacy officer's page of reports with a sealed contact address."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import OPEN_SEALED_CONTACTS
from meldpunt.intake.models import Report
from meldpunt.privacy.services import MIN_REASON_LENGTH, UnsealRefused, open_contact


@role_required(OPEN_SEALED_CONTACTS)
def sealed_contacts(request: StaffRequest) -> HttpResponse:
    """Reports that carry a sealed contact; nothing is opened on this page."""
    reports = Report.objects.exclude(sealed_contact=None).only("receipt_code", "received_at")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/contacts.html", {"page": page})


@require_POST
@role_required(OPEN_SEALED_CONTACTS)
def open_sealed_contact(request: StaffRequest, receipt_code: str) -> HttpResponse:
    """Open one contact after the officer states why; the opening is audited."""
    report = get_object_or_404(
        Report.objects.exclude(sealed_contact=None), receipt_code=receipt_code
    )
    reason = request.POST.get("reason", "")[:500]
    try:
        contact = open_contact(report, request.user, reason)
    except UnsealRefused:
        error = _("Write down why you open this contact (at least %(n)s characters).") % {
            "n": MIN_REASON_LENGTH
        }
        return render(request, "privacy/open.html", {"report": report, "error": error}, status=400)
    response = render(request, "privacy/open.html", {"report": report, "contact": contact})
    response["Cache-Control"] = "no-store"
    return response
