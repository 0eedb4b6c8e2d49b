"""Calm error pages that say what happened and what to do."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Unreadable or oversized requests."""
    return render(request, "400.html", status=400)
