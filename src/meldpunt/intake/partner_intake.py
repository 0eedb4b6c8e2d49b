"""Partner reports with idempotency: a retried request never makes a second report."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from meldpunt.audit.services import Actor
from meldpunt.core.reports import DraftUrl, Medium, ReportDraft
from meldpunt.core.urls import UrlRejected, normalise_url
from meldpunt.directory.models import ApiClient
from meldpunt.intake.models import Channel, IdempotencyRecord, Report
from meldpunt.intake.services import take_report


class UrlsRejected(ValueError):
    """Some URLs of the request were refused; nothing was stored."""

    def __init__(self, problems: list[tuple[int, UrlRejected]]) -> None:
        super().__init__(f"{len(problems)} URLs refused")
        self.problems = problems


class IdempotencyConflict(ValueError):
    """The key was used before for a request with a different body."""


@dataclass(frozen=True)
class PartnerOutcome:
    """The answer to send, and whether it replays an earlier request."""

    body: dict[str, Any]
    replayed: bool


def take_partner_report(
    partner: ApiClient, payload: dict[str, Any], idempotency_key: str | None
) -> PartnerOutcome:
    """Store the report once per idempotency key and describe it."""
    digest = _digest(payload)
    if idempotency_key:
        earlier = _replay(partner, idempotency_key, digest)
        if earlier:
            return earlier
    draft = _draft(payload)
    try:
        with transaction.atomic():
            report = take_report(
                draft, channel=Channel.API, actor=Actor.partner(partner), partner=partner
            )
            if idempotency_key:
                IdempotencyRecord.objects.create(
                    partner=partner, key=idempotency_key, request_digest=digest, report=report
                )
    except IntegrityError:
        # A concurrent retry with the same key won the race; answer as it did.
        earlier = _replay(partner, idempotency_key or "", digest)
        if earlier is None:
            raise
        return earlier
    return PartnerOutcome(describe(report), replayed=False)


def _replay(partner: ApiClient, key: str, digest: str) -> PartnerOutcome | None:
    record = IdempotencyRecord.objects.filter(partner=partner, key=key).first()
    if record is None:
        return None
    if record.request_digest != digest:
        raise IdempotencyConflict(key)
    return PartnerOutcome(describe(record.report), replayed=True)


def _digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _draft(payload: dict[str, Any]) -> ReportDraft:
    urls, problems = [], []
    for index, text in enumerate(payload["urls"]):
        try:
            urls.append(DraftUrl(index + 1, normalise_url(text)))
        except UrlRejected as error:
            problems.append((index, error))
    if problems:
        raise UrlsRejected(problems)
    unique = {u.url.dedup_key: u for u in reversed(urls)}
    return ReportDraft(
        urls=tuple(sorted(unique.values(), key=lambda u: u.line_no)),
        medium=Medium(payload["medium"]),
        description=payload["description"],
        source=payload["source"],
        reference=payload["reference"],
    )


def describe(report: Report) -> dict[str, Any]:
    """The report as the API shows it: its own addresses, and nothing about other reports
    of them (not whether the address was known, nor how often, nor the item's number)."""
    links = report.reported_urls.order_by("line_no").values_list("line_no", "url")
    return {
        "receipt_code": report.receipt_code,
        "items": [{"index": line_no - 1, "url": url} for line_no, url in links],
    }
