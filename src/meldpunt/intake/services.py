"""Taking reports in: every channel ends here, in one short transaction of bulk statements."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from meldpunt.audit.services import Actor, record_events
from meldpunt.bulk_insert import insert_rows
from meldpunt.cases.services import cases_reported
from meldpunt.core.receipts import new_receipt_code
from meldpunt.core.reports import ReportDraft
from meldpunt.core.sealing import seal
from meldpunt.directory.models import ApiClient as Partner
from meldpunt.intake.joining import CHUNK, Joined, join_items
from meldpunt.intake.models import Report


@dataclass(frozen=True)
class TakenReports:
    """What one intake stored, counted from its own rows (never from table totals, which
    other reports arriving meanwhile would move)."""

    report_ids: list[int]
    new_items: int  # items this intake created
    joined_existing: int  # addresses that joined an item that was there before, or named again
    write_seconds: float  # from the transaction's start to its commit


def contact_public_key() -> bytes:
    """The sealing key, as the composition root wired it."""
    from meldpunt.bootstrap import parts

    return parts().contact_public_key()


def take_report(
    draft: ReportDraft,
    *,
    channel: str,
    actor: Actor,
    partner: Partner | None = None,
    public_key: bytes | None = None,
) -> Report:
    """Store a report and join each URL to its item; a repeat URL raises the count."""
    taken = take_reports(
        [draft], channel=channel, actor=actor, partner=partner, public_key=public_key
    )
    return Report.objects.get(pk=taken.report_ids[0])


def take_reports(
    drafts: Sequence[ReportDraft],
    *,
    channel: str,
    actor: Actor,
    partner: Partner | None = None,
    public_key: bytes | None = None,
) -> TakenReports:
    """Store many reports as one unit, all or none. Everything that needs no database (rows,
    receipt codes, sealed contacts) is made first; the transaction then only writes, in bulk,
    so it holds the database (all of it, on SQLite) for as short a time as it can."""
    if not drafts:
        raise ValueError("there are no reports to take in")
    if not all(draft.urls for draft in drafts):
        raise ValueError("a report needs at least one URL")
    rows = [_report_row(draft, channel, partner, public_key) for draft in drafts]
    started, committed = time.monotonic(), [0.0]
    with transaction.atomic():
        transaction.on_commit(lambda: committed.__setitem__(0, time.monotonic()))
        _avoid_used_codes(rows)
        ids = insert_rows(Report, rows, key="receipt_code")
        report_ids = [ids[row["receipt_code"]] for row in rows]
        now = timezone.now()
        joined = join_items(list(zip(report_ids, drafts, strict=True)), now)
        new = sorted({j.item_id for j in joined if j.new})
        again = sorted({j.item_id for j in joined} - set(new))
        cases_reported(new, again, channel, actor, now)
        record_events(actor, _received_events(report_ids, drafts, joined, channel))
    new_items = len(new)
    seconds = (committed[0] or time.monotonic()) - started  # inside a caller's transaction: so far
    return TakenReports(report_ids, new_items, len(joined) - new_items, seconds)


def _report_row(
    draft: ReportDraft, channel: str, partner: Partner | None, public_key: bytes | None
) -> dict[str, object]:
    return {
        "receipt_code": new_receipt_code(),
        "channel": channel,
        "partner": partner.pk if partner else None,
        "medium": draft.medium.value,
        "found_on": draft.found_on,
        "description": draft.description,
        "source": draft.source,
        "reference": draft.reference,
        "sealed_contact": _sealed(draft.contact, public_key),
    }


def _avoid_used_codes(rows: Sequence[dict[str, object]]) -> None:
    """Give a new code to any report whose code a stored report or an earlier row has
    (60 random bits: hardly ever)."""
    checking, kept = list(rows), set[object]()
    while checking:
        taken = kept | _codes_in_use([str(row["receipt_code"]) for row in checking])
        retry = []
        for row in checking:
            if row["receipt_code"] in taken:
                row["receipt_code"] = new_receipt_code()
                retry.append(row)
            else:
                taken.add(row["receipt_code"])
                kept.add(row["receipt_code"])
        checking = retry


def _codes_in_use(codes: list[str]) -> set[str]:
    used: set[str] = set()
    for start in range(0, len(codes), CHUNK):
        part = Report.objects.filter(receipt_code__in=codes[start : start + CHUNK])
        used.update(part.values_list("receipt_code", flat=True))
    return used


def _sealed(contact: str, public_key: bytes | None) -> bytes | None:
    if not contact:
        return None
    return seal(public_key or contact_public_key(), contact)


def _received_events(
    report_ids: Sequence[int],
    drafts: Sequence[ReportDraft],
    joined: Sequence[Joined],
    channel: str,
) -> list[tuple[str, Report, dict[str, object]]]:
    """One audit event per report, naming the items it created and those it joined."""
    per_report: dict[int, list[Joined]] = {pk: [] for pk in report_ids}
    for j in joined:
        per_report[j.report_id].append(j)
    return [
        (
            "report.received",
            Report(pk=pk),  # the subject, by its id
            {
                "channel": channel,
                "new_items": [j.item_id for j in per_report[pk] if j.new],
                "joined_items": [j.item_id for j in per_report[pk] if not j.new],
                "contact_sealed": bool(draft.contact),
            },
        )
        for pk, draft in zip(report_ids, drafts, strict=True)
    ]
