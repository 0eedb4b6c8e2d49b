"""Staff pages for capture: where items stand, and the analyst queue (a plain list for now)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meldpunt.accounts.permissions import role_required
from meldpunt.accounts.roles import READ_REPORTS
from meldpunt.capture.queries import analyst_queue, counts_per_state

PAGE_SIZE = 50
CHART_WIDTH = 360


@role_required(READ_REPORTS)
def dashboard(request: HttpRequest) -> HttpResponse:
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
    }
    return render(request, "capture/dashboard.html", context)


@role_required(READ_REPORTS)
def queue(request: HttpRequest) -> HttpResponse:
    """Items waiting for an analyst, in priority order; no content is shown here."""
    page = Paginator(analyst_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "capture/queue.html", {"page": page})
