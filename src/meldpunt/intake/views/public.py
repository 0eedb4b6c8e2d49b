"""The public pages: report form, receipt, and the status look-up by receipt code."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from meldpunt.audit.services import Actor
from meldpunt.core.receipts import parse_receipt_code
from meldpunt.core.urls import Rejection
from meldpunt.intake.forms import PublicReportForm
from meldpunt.intake.messages import explain
from meldpunt.intake.models import Channel, Report
from meldpunt.intake.ratelimits import client_fingerprint, report_rate
from meldpunt.intake.services import take_report

# The session keeps only the last receipt: its code, a count, and which lines were not taken in.
RECEIPT_KEY = "last_receipt"


@require_http_methods(["GET", "POST"])
@ratelimit(key=client_fingerprint, rate=report_rate, method="POST")
def report_form(request: HttpRequest) -> HttpResponse:
    """Show the form; a good submission is stored, then the browser is sent to the receipt."""
    form = PublicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = take_report(form.draft(), channel=Channel.WEB, actor=Actor.public())
        request.session[RECEIPT_KEY] = {
            "code": report.receipt_code,
            "accepted": len(form.cleaned_data["urls"].accepted),
            # Line numbers and reasons only: what was typed on a refused line stays out of the
            # session table (it may be anything, an e-mail address even).
            "rejected": [(e.line_no, e.error.reason.value) for e in form.rejected()],
        }
        # POST/redirect/GET: reloading the receipt shows it again and stores nothing new.
        return _see_other(redirect("intake:receipt"))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "line_errors": form.line_errors() if form.is_bound else []}
    return render(request, "intake/report_form.html", context, status=status)


@require_http_methods(["GET"])
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of this browser's last report, in the language now chosen."""
    shown = request.session.get(RECEIPT_KEY)
    if not shown:
        return redirect("intake:report")
    context = {
        "receipt_code": shown["code"],
        "accepted": shown["accepted"],
        "line_errors": [(no, explain(Rejection(why))) for no, why in shown["rejected"]],
    }
    response = render(request, "intake/receipt.html", context)
    response["Cache-Control"] = "no-store"  # a shared computer's back button shows no code
    return response


@require_http_methods(["GET"])
@ratelimit(key=client_fingerprint, rate="30/m")
def report_status(request: HttpRequest) -> HttpResponse:
    """A reporter checks, by receipt code, that their report arrived and is being handled."""
    raw = request.GET.get("code", "")
    code = parse_receipt_code(raw) if raw else None
    report = Report.objects.filter(receipt_code=code).first() if code else None
    context = {"code": raw, "report": report, "looked_up": bool(raw)}
    return render(request, "intake/status.html", context)


def _see_other(response: HttpResponseRedirect) -> HttpResponseRedirect:
    """303: the browser fetches the receipt with GET, whatever it did before."""
    response.status_code = 303
    return response


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many submissions from one place in a short time."""
    return render(request, "intake/rate_limited.html", status=429)
