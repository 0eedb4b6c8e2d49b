"""Calm error pages that say what happened and what to do."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Unreadable or oversized requests."""
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A signed-in person whose role does not cover the page."""
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address that leads nowhere."""
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose protection token was missing or stale: nothing was stored."""
    # The reason names only the check that failed (never what the form held).
    logger.warning("form refused by the CSRF check: %s", reason)
    return render(request, "403_csrf.html", {"again_url": request.path}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Our fault; the page must render even when the database does not answer."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page itself failed: fall back to one without context processors
        logger.exception("the error page could not be rendered")
        return HttpResponseServerError(loader.get_template("500_plain.html").render())
