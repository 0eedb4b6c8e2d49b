"""Taking reports in: every channel ends here, inside one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from meldpunt.audit.services import Actor, record_event
from meldpunt.core.receipts import new_receipt_code
from meldpunt.core.reports import DraftUrl, ReportDraft
from meldpunt.core.sealing import seal
from meldpunt.intake.models import Item, Report, ReportedUrl
from meldpunt.partners.models import Partner

Progress = Callable[[int], None]


def contact_public_key() -> bytes:
    """The sealing key, from the key store that settings wired in."""
    return settings.KEYS.contact_public_key()


def take_report(
    draft: ReportDraft,
    *,
    channel: str,
    actor: Actor,
    partner: Partner | None = None,
    public_key: bytes | None = None,
) -> Report:
    """Store a report and join each URL to its item; a repeat URL raises the count."""
    if not draft.urls:
        raise ValueError("a report needs at least one URL")
    with transaction.atomic():
        report = Report.objects.create(
            receipt_code=_unused_receipt_code(),
            channel=channel,
            partner=partner,
            medium=draft.medium.value,
            found_on=draft.found_on,
            description=draft.description,
            source=draft.source,
            reference=draft.reference,
            sealed_contact=_sealed(draft.contact, public_key),
        )
        joined = [_join_item(report, draft_url, draft) for draft_url in draft.urls]
        record_event(
            actor,
            "report.received",
            report,
            {
                "channel": channel,
                "new_items": [item.pk for item, new in joined if new],
                "joined_items": [item.pk for item, new in joined if not new],
                "contact_sealed": bool(draft.contact),
            },
        )
    return report


def take_reports(
    drafts: Sequence[ReportDraft], *, channel: str, actor: Actor, progress: Progress | None = None
) -> list[Report]:
    """Take many reports as one unit: all are stored, or none."""
    reports = []
    with transaction.atomic():
        for draft in drafts:
            reports.append(take_report(draft, channel=channel, actor=actor))
            if progress:
                progress(1)
    return reports


def _unused_receipt_code() -> str:
    while True:
        code = new_receipt_code()
        if not Report.objects.filter(receipt_code=code).exists():
            return code


def _sealed(contact: str, public_key: bytes | None) -> bytes | None:
    if not contact:
        return None
    return seal(public_key or contact_public_key(), contact)


def _join_item(report: Report, draft_url: DraftUrl, draft: ReportDraft) -> tuple[Item, bool]:
    now, url = timezone.now(), draft_url.url
    item, created = Item.objects.get_or_create(
        dedup_key=url.dedup_key,
        defaults={
            "url": url.url,
            "host": url.host,
            "registrable_domain": url.registrable_domain,
            "medium": draft.medium.value,
            "last_reported_at": now,
        },
    )
    Item.objects.filter(pk=item.pk).update(report_count=F("report_count") + 1, last_reported_at=now)
    ReportedUrl.objects.create(
        report=report,
        item=item,
        url=url.url,
        referer=draft_url.referer,
        line_no=draft_url.line_no,
    )
    return item, created
