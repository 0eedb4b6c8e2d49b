"""Joining reported addresses to their items in bulk: a few statements however many there are.

One lookup finds the items already there, one insert creates the missing ones with their
report counts, one update per distinct increment raises the counts of the others, and one
insert links every address to its item.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from meldpunt.bulk_insert import insert_rows
from meldpunt.core.reports import DraftUrl, ReportDraft
from meldpunt.intake.models import Item, ReportedUrl

CHUNK = 5000  # values per IN list: well inside every database's parameter limit
CREATE_TRIES = 3


@dataclass(frozen=True)
class Joined:
    """One address of one report, and the item it joined; `new` if it created the item."""

    report_id: int
    address: DraftUrl
    item_id: int
    new: bool


def join_items(reported: Sequence[tuple[int, ReportDraft]], now: datetime) -> list[Joined]:
    """Link every stored report's addresses to their items, creating the missing ones, and
    count the reports. In report order, each report's addresses in line order."""
    pairs = [(report, draft, address) for report, draft in reported for address in _once(draft)]
    wanted: dict[str, tuple[DraftUrl, ReportDraft]] = {}
    for _, draft, address in pairs:
        wanted.setdefault(address.url.dedup_key, (address, draft))
    times = Counter(address.url.dedup_key for _, _, address in pairs)
    items, created = _items_for(wanted, times, now)
    joined, claimed = [], set()
    for report, _, address in pairs:
        key = address.url.dedup_key
        joined.append(Joined(report, address, items[key], key in created and key not in claimed))
        claimed.add(key)
    _count_reports({items[key]: n for key, n in times.items() if key not in created}, now)
    insert_rows(ReportedUrl, [_link(j) for j in joined])
    return joined


def _once(draft: ReportDraft) -> Iterator[DraftUrl]:
    """A report's addresses, each item once (a report links to an item once)."""
    seen = set()
    for address in draft.urls:
        if address.url.dedup_key not in seen:
            seen.add(address.url.dedup_key)
            yield address


def _items_for(
    wanted: dict[str, tuple[DraftUrl, ReportDraft]], times: Counter[str], now: datetime
) -> tuple[dict[str, int], set[str]]:
    """Every wanted item's id by dedup key, and the keys of those created here (with their
    report counts). A concurrent report may create one of them between the lookup and the
    insert; then look again."""
    for attempt in range(CREATE_TRIES):
        found = _existing(list(wanted))
        missing = [
            {**_new_item(*wanted[key], now), "report_count": times[key]}
            for key in wanted
            if key not in found
        ]
        try:
            with transaction.atomic():  # a savepoint: a lost race undoes only this insert
                created = insert_rows(Item, missing, key="dedup_key")
        except IntegrityError:
            if attempt == CREATE_TRIES - 1:
                raise
            continue
        return found | created, set(created)
    raise AssertionError("unreachable")


def _existing(keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        part = Item.objects.filter(dedup_key__in=keys[start : start + CHUNK])
        found.update(part.values_list("dedup_key", "pk"))
    return found


def _new_item(address: DraftUrl, draft: ReportDraft, now: datetime) -> dict[str, object]:
    url = address.url
    return {
        "url": url.url,
        "dedup_key": url.dedup_key,
        "host": url.host,
        "registrable_domain": url.registrable_domain,
        "medium": draft.medium.value,
        "last_reported_at": now,
    }


def _link(joined: Joined) -> dict[str, object]:
    return {
        "report": joined.report_id,
        "item": joined.item_id,
        "url": joined.address.url.url,
        "referer": joined.address.referer,
        "line_no": joined.address.line_no,
    }


def _count_reports(times: dict[int, int], now: datetime) -> None:
    """Raise each item's count by its reports here (item id: how many): one UPDATE per
    distinct increment."""
    # Rows locked in id order first: two intakes raising overlapping counts then wait for each
    # other instead of deadlocking (each UPDATE would lock its rows in its own order).
    ordered = sorted(times)
    for start in range(0, len(ordered), CHUNK):
        part = Item.objects.filter(pk__in=ordered[start : start + CHUNK]).order_by("pk")
        list(part.select_for_update().values_list("pk", flat=True))
    by_increment: dict[int, list[int]] = defaultdict(list)
    for pk in ordered:
        by_increment[times[pk]].append(pk)
    for n, pks in by_increment.items():
        for start in range(0, len(pks), CHUNK):
            Item.objects.filter(pk__in=pks[start : start + CHUNK]).update(
                report_count=F("report_count") + n, last_reported_at=now
            )
