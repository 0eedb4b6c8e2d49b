"""Staff pages for reports: overview, search and detail."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import OPEN_SEALED_CONTACTS, READ_REPORTS
from meldpunt.audit.models import AuditVerification
from meldpunt.intake.models import Item, Report
from meldpunt.intake.queries import search_reports

PAGE_SIZE = 50


@role_required(READ_REPORTS)
def home(request: StaffRequest) -> HttpResponse:
    """The staff start page: today's intake at a glance."""
    since = timezone.now() - timedelta(days=1)
    context = {
        "reports_total": Report.objects.count(),
        "reports_today": Report.objects.filter(received_at__gte=since).count(),
        "items_total": Item.objects.count(),
        "repeat_items": Item.objects.filter(report_count__gt=1).count(),
        "last_check": AuditVerification.objects.first(),
    }
    return render(request, "intake/staff/home.html", context)


@role_required(READ_REPORTS)
def report_list(request: StaffRequest) -> HttpResponse:
    """All reports, newest first, searchable by URL, receipt code and reference."""
    query = request.GET.get("q", "")[:2048]
    page = Paginator(search_reports(query), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "intake/staff/report_rows.html" if request.htmx else "intake/staff/reports.html"
    return render(request, template, {"page": page, "query": query})


@role_required(READ_REPORTS)
def report_detail(request: StaffRequest, receipt_code: str) -> HttpResponse:
    """One report, the addresses it gave and the items they joined."""
    report = get_object_or_404(Report.objects.select_related("partner"), receipt_code=receipt_code)
    links = report.reported_urls.select_related("item").order_by("line_no")
    context = {
        "report": report,
        "links": links,
        "may_open_contact": request.user.has_role(*OPEN_SEALED_CONTACTS),
    }
    return render(request, "intake/staff/report_detail.html", context)
