"""The pipeline's steps. Each reads the capture's committed state, does its work, and commits
its results together with the next state, so a step cut short is simply done again.

Matching, tracing and settling are quick and commit together (see pipeline.conclude)."""

from __future__ import annotations

from django.utils import timezone

from meldpunt.capture import wiring
from meldpunt.capture.leases import move
from meldpunt.capture.models import Capture, HostingRecord, MatchRecord
from meldpunt.capture.states import CaptureState
from meldpunt.capture.transactions import step_transaction
from meldpunt.core.fetching.pages import decode_page, embedded_media
from meldpunt.core.hashing.digests import Digests, digest_chunks
from meldpunt.core.hashing.isolation import analyse_isolated
from meldpunt.core.hashing.pdq import DihedralHashes, PdqHash
from meldpunt.core.hashing.video import FrameHash
from meldpunt.core.hashlists.known import MatchOutcome, Provenance
from meldpunt.core.hosting.facts import HostingTrace
from meldpunt.core.hosting.trace import trace_host
from meldpunt.core.media_types import MediaKind
from meldpunt.intake.models import Item


def fetch(capture: Capture) -> None:
    """Download under the fetcher's rules and store the bytes encrypted."""
    fetched = wiring.fetcher().fetch(capture.item.url)
    object_id = wiring.content_store().put(fetched.body)
    move(
        capture,
        CaptureState.FETCHED,
        content_object=object_id,
        kind=fetched.kind.value,
        size=len(fetched.body),
        final_url=fetched.url[:2048],
        served_from=fetched.address,
        fetched_at=timezone.now(),
        error="",
    )


def analyse(capture: Capture) -> None:
    """Pages: find their media. Media: hash and preview in the isolated decoder."""
    body = wiring.content_store().get(capture.content_object)
    if capture.kind == MediaKind.HTML.value:
        _analyse_page(capture, body)
        return
    analysis = analyse_isolated(body)
    fingerprint = analysis.fingerprint
    thumbnail = wiring.content_store().put(analysis.thumbnail) if analysis.thumbnail else ""
    original = fingerprint.pdq.original if fingerprint.pdq else None
    move(
        capture,
        CaptureState.HASHED,
        md5=fingerprint.digests.md5,
        sha1=fingerprint.digests.sha1,
        sha256=fingerprint.digests.sha256,
        pdq=original.hex if original else "",
        pdq_quality=original.quality if original else None,
        thumbnail_object=thumbnail,
        pdq_variants=[v.hex for v in fingerprint.pdq.variants] if fingerprint.pdq else [],
        media_problem=fingerprint.problem or "",
        frames=[
            {"t": f.timestamp, "pdq": f.pdq.hex, "q": f.pdq.quality}
            for f in fingerprint.frames or ()
        ],
    )


def _analyse_page(capture: Capture, body: bytes) -> None:
    digests = digest_chunks([body])
    media = embedded_media(decode_page(body), capture.final_url or capture.item.url)
    with step_transaction():
        for url in media.urls:
            _child(capture, url)
        move(
            capture,
            CaptureState.HASHED,
            md5=digests.md5,
            sha1=digests.sha1,
            sha256=digests.sha256,
            embedded_left_out=media.left_out,
        )


def _child(page: Capture, url: str) -> None:
    from meldpunt.core.urls import UrlRejected, normalise_url

    try:
        normalised = normalise_url(url)
    except UrlRejected:
        return
    item, _ = Item.objects.get_or_create(
        dedup_key=normalised.dedup_key,
        defaults={
            "url": normalised.url,
            "host": normalised.host,
            "registrable_domain": normalised.registrable_domain,
            "medium": page.item.medium,
            "last_reported_at": timezone.now(),
        },
    )
    Capture.objects.filter(item=item, parent__isnull=True).exclude(pk=page.pk).update(parent=page)


def matches_of(capture: Capture) -> MatchOutcome | None:
    """What the lists say about the capture's hashes (pages have none to compare)."""
    if capture.kind == MediaKind.HTML.value:
        return None
    return wiring.known_content().match(*_hashes_of(capture))


def hosting_of(capture: Capture) -> HostingTrace:
    """Where the item's host is served from (DNS and lookups: done outside any transaction)."""
    return trace_host(capture.item.host, wiring.hosting_sources())


def record_matches(capture: Capture, outcome: MatchOutcome | None) -> list[MatchRecord]:
    """Replace the capture's match records with this outcome's; the records that stand."""
    MatchRecord.objects.filter(capture=capture).delete()
    if outcome is None:
        return []
    records = MatchRecord.objects.bulk_create(
        [_record(capture, p, "stands") for p in outcome.matches]
        + [_record(capture, p, "suppressed") for p in outcome.suppressed]
        + [_record(capture, p, "benign") for p in outcome.benign]
    )
    return [r for r in records if r.outcome == "stands"]


def record_hosting(capture: Capture, found: HostingTrace) -> None:
    """Store the trace with its sources (replacing an earlier one), in one statement."""
    record = HostingRecord(
        capture=capture,
        host=found.host,
        provider=found.provider[:200],
        country=found.country,
        abuse_emails=list(found.abuse_emails),
        needs_origin=found.needs_origin,
        notify_site_owner=list(found.notify_site_owner),
        sources=list(found.sources),
        problems=list(found.problems),
        addresses=[
            {
                "address": a.address,
                "country": a.country,
                "asn": a.asn,
                "network": a.network,
                "abuse_emails": list(a.abuse_emails),
                "sources": a.sources,
                "problems": list(a.problems),
            }
            for a in found.addresses
        ],
    )
    fields = [
        f.name for f in HostingRecord._meta.concrete_fields if f.name not in ("id", "capture")
    ]
    HostingRecord.objects.bulk_create(
        [record], update_conflicts=True, unique_fields=["capture"], update_fields=fields
    )


def seen_before(capture: Capture) -> bool:
    """Whether the same bytes were captured before, from any address."""
    return (
        bool(capture.sha256)
        and Capture.objects.filter(sha256=capture.sha256).exclude(pk=capture.pk).exists()
    )


def _hashes_of(
    capture: Capture,
) -> tuple[Digests, DihedralHashes | None, None, None, tuple[FrameHash, ...] | None]:
    """The stored hashes in the form matching takes: digests, 8 orientations, video frames."""
    digests = Digests(capture.md5, capture.sha1, capture.sha256)
    quality = capture.pdq_quality or 0
    pdq = (
        DihedralHashes(tuple(PdqHash(bytes.fromhex(h), quality) for h in capture.pdq_variants))
        if capture.pdq_variants
        else None
    )
    frames = tuple(
        FrameHash(n, f["t"], PdqHash(bytes.fromhex(f["pdq"]), f["q"]))
        for n, f in enumerate(capture.frames)
    )
    return digests, pdq, None, None, frames or None


def _record(capture: Capture, found: Provenance, outcome: str) -> MatchRecord:
    return MatchRecord(
        capture=capture,
        hash_list_id=found.list_id,
        list_name=found.list_name,
        list_kind=found.kind.value,
        entry_id=found.entry_id,
        hash_type=found.hash_type.value,
        distance=found.distance,
        variant=found.variant.name.lower() if found.variant is not None else "",
        frame_timestamp=found.frame_timestamp,
        classification=found.classification.value if found.classification else "",
        outcome=outcome,
    )
