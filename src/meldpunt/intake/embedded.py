"""Media found embedded in a captured page: each becomes an item of its own, with its case
and capture, linked to the page it was found on."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from meldpunt.audit.services import Actor, record_events
from meldpunt.capture.models import Capture, Purpose
from meldpunt.cases.services import cases_reported
from meldpunt.core.urls import NormalisedUrl, UrlRejected, normalise_url
from meldpunt.intake.models import Item

CHANNEL = "page"


def take_embedded(page: Capture, urls: Sequence[str]) -> list[int]:
    """Items for the page's media (in the caller's transaction). An address already known
    keeps its item and is not counted as reported again. Returns the new items' ids."""
    found = _normalised(urls)
    known = set(Item.objects.filter(dedup_key__in=found).values_list("dedup_key", flat=True))
    now, new = timezone.now(), []
    for key, url in found.items():
        if key not in known:
            new.append(Item.objects.create(**_item_fields(url, page), last_reported_at=now).pk)
    opened = cases_reported(new, [], CHANNEL, Actor.system(), now)
    record_events(Actor.system(), [_found_event(pk, opened[pk], page) for pk in new])
    first = Capture.objects.filter(item__dedup_key__in=found, purpose=Purpose.FIRST.value)
    first.filter(parent__isnull=True).exclude(pk=page.pk).update(parent=page)
    return new


def _normalised(urls: Sequence[str]) -> dict[str, NormalisedUrl]:
    found: dict[str, NormalisedUrl] = {}
    for url in urls:
        try:
            normalised = normalise_url(url)
        except UrlRejected:
            continue
        found.setdefault(normalised.dedup_key, normalised)
    return found


def _item_fields(url: NormalisedUrl, page: Capture) -> dict[str, object]:
    return {
        "url": url.url,
        "dedup_key": url.dedup_key,
        "host": url.host,
        "registrable_domain": url.registrable_domain,
        "medium": page.item.medium,
    }


def _found_event(item_id: int, case_id: int, page: Capture) -> tuple[str, Item, dict]:
    details = {"case": case_id, "channel": CHANNEL, "page_item": page.item_id}
    return ("case.received", Item(pk=item_id), details)
