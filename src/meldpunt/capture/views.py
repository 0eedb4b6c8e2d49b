"""Staff pages for capture: where items stand, the analyst queue (a plain list for now), and
failed captures with a way to try them again."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import READ_REPORTS, RETRY_CAPTURES
from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.queries import counts_per_state
from meldpunt.capture.retries import RetryReason, failed_captures, retry_captures
from meldpunt.capture.states import FAILED
from meldpunt.cases.queries import analyst_queue
from meldpunt.ids import submitted_id

PAGE_SIZE = 50
CHART_WIDTH = 360


@role_required(READ_REPORTS)
def dashboard(request: StaffRequest) -> HttpResponse:
    """Counts per state, as tiles and as a bar chart."""
    counts = counts_per_state()
    widest = max((n for _, _, n in counts), default=0) or 1
    bars = [
        {
            "state": s,
            "label": label,
            "count": n,
            "width": round(CHART_WIDTH * n / widest),
            "y": 24 * row,
        }
        for row, (s, label, n) in enumerate(counts)
    ]
    context = {
        "bars": bars,
        "chart_height": 24 * len(bars),
        "chart_width": CHART_WIDTH + 220,
        "total": sum(n for _, _, n in counts),
        "failed": sum(n for s, _, n in counts if s in FAILED),
    }
    return render(request, "capture/dashboard.html", context)


@role_required(READ_REPORTS)
def queue(request: StaffRequest) -> HttpResponse:
    """Items waiting for an analyst, in priority order; no content is shown here."""
    page = Paginator(analyst_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "capture/queue.html", {"page": page})


@role_required(READ_REPORTS)
def failed(request: StaffRequest) -> HttpResponse:
    """Failed captures with their errors, oldest failure first; retry buttons for those who
    may use them."""
    chosen = failed_captures()
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "may_retry": request.user.has_role(*RETRY_CAPTURES)}
    return render(request, "capture/failed.html", context)


@require_POST
@role_required(RETRY_CAPTURES)
def retry(request: StaffRequest) -> HttpResponse:
    """Queue one failed capture (by its item) or all of them for a fresh attempt."""
    actor = Actor.staff(request.user)
    if request.POST.get("all"):
        retried = retry_captures(
            list(failed_captures().values_list("pk", flat=True)), actor, RetryReason.REQUESTED
        )
        messages.success(request, _retried_all(len(retried)))
        return redirect("capture:failed")
    item, item_id = request.POST.get("item", ""), submitted_id(request.POST, "item")
    first = Capture.objects.filter(item_id=item_id, purpose=Purpose.FIRST) if item_id else None
    capture = first.first() if first is not None else None
    if capture is None:
        messages.error(request, _("There is no item #%(item)s.") % {"item": item[:20]})
    elif retry_captures([capture.pk], actor, RetryReason.REQUESTED):
        text = _("The capture of item #%(item)s is queued for a fresh attempt.")
        messages.success(request, text % {"item": capture.item_id})
    else:
        text = _("The capture of item #%(item)s has not failed (any more); nothing to retry.")
        messages.info(request, text % {"item": capture.item_id})
    return redirect("capture:failed")


def _retried_all(count: int) -> str:
    if not count:
        return _("No capture has failed; nothing to retry.")
    text = ngettext(
        "%(count)d failed capture is queued for a fresh attempt.",
        "%(count)d failed captures are queued for a fresh attempt.",
        count,
    )
    return text % {"count": count}
