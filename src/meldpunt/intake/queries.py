"""Finding reports for staff: by receipt code, reference or (part of) a URL."""

from contextlib import suppress

from django.db.models import Q, QuerySet

from meldpunt.core.receipts import parse_receipt_code
from meldpunt.core.urls import UrlRejected, normalise_url
from meldpunt.intake.models import Report


def search_reports(query: str) -> QuerySet[Report]:
    """Every report whose receipt code, reference or any URL matches the query."""
    reports = Report.objects.select_related("partner")
    query = query.strip()
    if not query:
        return reports
    condition = Q(reference__icontains=query) | Q(reported_urls__url__icontains=query)
    code = parse_receipt_code(query)
    if code:
        condition |= Q(receipt_code=code)
    with suppress(UrlRejected):
        condition |= Q(items__dedup_key=normalise_url(query).dedup_key)
    return reports.filter(condition).distinct()
