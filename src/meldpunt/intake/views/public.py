"""The public pages: report form, receipt, and the status look-up by receipt code."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from meldpunt.audit.services import Actor
from meldpunt.core.receipts import parse_receipt_code
from meldpunt.intake.forms import PublicReportForm
from meldpunt.intake.models import Channel, Report
from meldpunt.intake.ratelimits import client_fingerprint, report_rate
from meldpunt.intake.services import take_report


@require_http_methods(["GET", "POST"])
@ratelimit(key=client_fingerprint, rate=report_rate, method="POST")
def report_form(request: HttpRequest) -> HttpResponse:
    """Show the form; on a good submission store it and show the receipt."""
    form = PublicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = take_report(form.draft(), channel=Channel.WEB, actor=Actor.public())
        context = {
            "report": report,
            "accepted": len(form.cleaned_data["urls"].accepted),
            "line_errors": form.line_errors(),
        }
        return render(request, "intake/receipt.html", context, status=201)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "line_errors": form.line_errors() if form.is_bound else []}
    return render(request, "intake/report_form.html", context, status=status)


@require_http_methods(["GET"])
@ratelimit(key=client_fingerprint, rate="30/m")
def report_status(request: HttpRequest) -> HttpResponse:
    """A reporter checks, by receipt code, that their report arrived and is being handled."""
    raw = request.GET.get("code", "")
    code = parse_receipt_code(raw) if raw else None
    report = Report.objects.filter(receipt_code=code).first() if code else None
    context = {"code": raw, "report": report, "looked_up": bool(raw)}
    return render(request, "intake/status.html", context)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many submissions from one place in a short time."""
    return render(request, "intake/rate_limited.html", status=429)
