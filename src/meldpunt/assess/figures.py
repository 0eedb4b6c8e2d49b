"""The managers' page of exposure figures: minutes viewed per analyst per day, as a chart and
the table behind it; never content, nor what was looked at."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import SEE_EXPOSURE
from meldpunt.assess.exposure import current_policy, exposure_figures, hotline_zone

PERIODS = (7, 30)
CHART_WIDTH = 360
ROW = 24


def _minutes(span: timedelta) -> int:
    return round(span.total_seconds() / 60)


@role_required(SEE_EXPOSURE)
def exposure(request: StaffRequest) -> HttpResponse:
    """Minutes viewed per analyst over the last 7 or 30 days, against the daily limit."""
    days = int(request.GET.get("days", "7")) if request.GET.get("days") in ("7", "30") else 7
    now = timezone.now()
    figures = exposure_figures(days, now)
    today = now.astimezone(hotline_zone()).date()
    dates = [today - timedelta(days=n) for n in range(days)]
    widest = max((_minutes(f.total) for f in figures), default=0) or 1
    rows = [
        {
            "analyst": f.analyst,
            "total": _minutes(f.total),
            "reveals": f.reveals,
            "days": [_minutes(f.days.get(d, timedelta(0))) for d in dates],
            "width": round(CHART_WIDTH * _minutes(f.total) / widest),
            "y": ROW * n,
        }
        for n, f in enumerate(figures)
    ]
    context = {
        "rows": rows,
        "dates": dates,
        "days": days,
        "periods": PERIODS,
        "limit": current_policy().daily_minutes,
        "chart_height": ROW * len(rows),
        "chart_width": CHART_WIDTH + 220,
    }
    return render(request, "assess/exposure.html", context)
