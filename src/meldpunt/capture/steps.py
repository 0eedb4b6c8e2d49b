"""The pipeline's stages, each over a group of captures claimed together.

Each stage reads the captures' committed state, does each capture's work on its own, and
commits all results together with the next state (see batches.commit_together), so a stage
cut short is simply done again. Fetch: download side by side and store encrypted. Analyse:
hash and preview media in the isolated decoder; find a page's media. Conclude: match, trace
the hosting and settle, committed as one, so a capture is never seen half-matched.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone

from meldpunt.capture import services
from meldpunt.capture.batches import Failure, commit_together, each, side_by_side, sort_out
from meldpunt.capture.leases import Move, move_all
from meldpunt.capture.models import Capture, HostingRecord, MatchRecord, Purpose
from meldpunt.capture.states import CaptureState
from meldpunt.capture.transactions import step_transaction
from meldpunt.cases.concluding import Concluded as Conclusion
from meldpunt.cases.concluding import captures_concluded
from meldpunt.cases.contents import contents_of
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.fetching.pages import decode_page, embedded_media
from meldpunt.core.hashing.digests import Digests, digest_chunks
from meldpunt.core.hashing.isolation import analyse_isolated
from meldpunt.core.hashing.pdq import DihedralHashes, PdqHash
from meldpunt.core.hashing.video import FrameHash
from meldpunt.core.hashlists.known import KnownContent, MatchOutcome, Provenance
from meldpunt.core.hosting.facts import HostingTrace
from meldpunt.core.hosting.trace import HostingSources, trace_host
from meldpunt.core.media_types import MediaKind
from meldpunt.core.ports import Store
from meldpunt.intake.embedded import take_embedded

if TYPE_CHECKING:
    from meldpunt.bootstrap import Parts

Between = Callable[[], None]


def fetch(captures: Sequence[Capture], between: Between, parts: Parts) -> list[Failure]:
    """Download under the fetcher's rules, side by side, and store the bytes encrypted. A
    re-check that finds the bytes it found before keeps the stored object it has."""
    fetcher, store = parts.fetcher, parts.content_store
    before = stored_before(captures)

    def download(capture: Capture) -> Move:
        fetched = fetcher.fetch(capture.item.url)
        sha256 = hashlib.sha256(fetched.body).hexdigest()
        kept = before.get(capture.pk)
        fields = {
            "content_object": kept[1] if kept and kept[0] == sha256 else store.put(fetched.body),
            "sha256": sha256,
            "kind": fetched.kind.value,
            "size": len(fetched.body),
            "final_url": fetched.url[:2048],
            "served_from": fetched.address,
            "fetched_at": parts.clock.now(),
            "error": "",
        }
        return Move(capture, CaptureState.FETCHED, fields)

    moves, failures = sort_out(side_by_side(captures, download, between))
    return failures + commit_together(moves, move_all)


def stored_before(captures: Sequence[Capture]) -> dict[int, tuple[str, str]]:
    """For each re-check: the SHA-256 and stored object of its item's latest capture that
    still has its content (read here, as the downloads run where there is no database)."""
    items = {c.item_id: c.pk for c in captures if c.purpose == Purpose.RECHECK.value}
    earlier = (
        Capture.objects.filter(item__in=items, state=CaptureState.CONCLUDED)
        .exclude(content_object="")
        .filter(content_deleted_at__isnull=True)
        .order_by("item", "-fetched_at", "-pk")
        .values_list("item", "sha256", "content_object")
    )
    found: dict[int, tuple[str, str]] = {}
    for item, sha256, object_id in earlier:
        found.setdefault(items[item], (sha256, object_id))
    return found


@dataclass(frozen=True)
class Analysed:
    """A capture hashed; for a page, also the addresses of the media it embeds."""

    move: Move
    embedded: tuple[str, ...] = ()

    @property
    def capture(self) -> Capture:
        """The capture analysed."""
        return self.move.capture


def analyse(captures: Sequence[Capture], between: Between, parts: Parts) -> list[Failure]:
    """Pages: find their media. Media: hash and preview in the isolated decoder."""
    store = parts.content_store
    done, failures = sort_out(each(captures, lambda c: _analysed(c, store), between))
    return failures + commit_together(done, _commit_analysed)


def _analysed(capture: Capture, store: Store) -> Analysed:
    body = store.get(capture.content_object)
    if capture.kind == MediaKind.HTML.value:
        digests = digest_chunks([body])
        media = embedded_media(decode_page(body), capture.final_url or capture.item.url)
        fields = {
            "md5": digests.md5,
            "sha1": digests.sha1,
            "sha256": digests.sha256,
            "embedded_left_out": media.left_out,
        }
        return Analysed(Move(capture, CaptureState.HASHED, fields), tuple(media.urls))
    earlier = _analysed_before(capture)
    if earlier is not None:
        return Analysed(Move(capture, CaptureState.HASHED, earlier))
    analysis = analyse_isolated(body)
    fingerprint = analysis.fingerprint
    thumbnail = store.put(analysis.thumbnail) if analysis.thumbnail else ""
    original = fingerprint.pdq.original if fingerprint.pdq else None
    fields = {
        "md5": fingerprint.digests.md5,
        "sha1": fingerprint.digests.sha1,
        "sha256": fingerprint.digests.sha256,
        "pdq": original.hex if original else "",
        "pdq_quality": original.quality if original else None,
        "thumbnail_object": thumbnail,
        "pdq_variants": [v.hex for v in fingerprint.pdq.variants] if fingerprint.pdq else [],
        "pdq_threatexchange": _stored(fingerprint.pdq_threatexchange),
        "media_problem": fingerprint.problem or "",
        "frames": [
            {"t": f.timestamp, "pdq": f.pdq.hex, "q": f.pdq.quality}
            for f in fingerprint.frames or ()
        ],
    }
    return Analysed(Move(capture, CaptureState.HASHED, fields))


ANALYSED_FIELDS = (
    "md5",
    "sha1",
    "sha256",
    "pdq",
    "pdq_quality",
    "thumbnail_object",
    "pdq_variants",
    "pdq_threatexchange",
    "media_problem",
    "frames",
)


def _analysed_before(capture: Capture) -> dict[str, object] | None:
    """For a re-check: the analysis of the same bytes captured before, with its preview, if
    its item still has them; unchanged media is neither decoded nor stored again."""
    if capture.purpose != Purpose.RECHECK.value or not capture.sha256:
        return None
    earlier = (
        Capture.objects.filter(
            item=capture.item_id, sha256=capture.sha256, state=CaptureState.CONCLUDED
        )
        .exclude(pk=capture.pk)
        .filter(content_deleted_at__isnull=True, kind=capture.kind)
        .order_by("-pk")
        .values(*ANALYSED_FIELDS)
        .first()
    )
    return dict(earlier) if earlier else None


def _commit_analysed(done: Sequence[Analysed]) -> None:
    with step_transaction():
        for analysed in done:
            if analysed.embedded:
                take_embedded(analysed.capture, analysed.embedded)
        move_all([analysed.move for analysed in done])


@dataclass(frozen=True)
class Matched:
    """What the lists say about a capture."""

    capture: Capture
    outcome: MatchOutcome | None


@dataclass(frozen=True)
class Concluded(Matched):
    """What the lists say about a capture, and where its host is served from."""

    hosting: HostingTrace


def conclude(captures: Sequence[Capture], between: Between, parts: Parts) -> list[Failure]:
    """Match and trace each capture (lookups outside any transaction; one trace per host),
    then record matches, hosting and outcome for all in one short transaction.

    Known material is settled by its match and never queued; the rest waits for an analyst.
    """
    traces: dict[str, HostingTrace] = {}
    revision, known = parts.known.known_content_at()
    sources = parts.hosting()

    def lookups(capture: Capture) -> Concluded:
        host = capture.item.host
        if host not in traces:
            traces[host] = hosting_of(capture, sources)
        return Concluded(capture, matches_of(capture, known), traces[host])

    done, failures = sort_out(each(captures, lookups, between))
    return failures + commit_together(done, lambda group: _commit_concluded(group, revision, parts))


def _commit_concluded(done: Sequence[Concluded], revision: int, parts: Parts) -> None:
    with step_transaction():
        waiting = record_outcomes(done, record_hosting(done), parts.hotline)
        # Lists that changed after this index was built (an import committed meanwhile) are
        # matched again once this commits. Read after record_outcomes has locked the audit
        # trail's head, which an import locks too: either the import committed first and its
        # revision shows here, or it commits after this, and its own matching sees these.
        now = parts.known.revision()
        if waiting and now != revision:
            services.match_again_later(waiting, now, parts.jobs)


def record_outcomes(
    done: Sequence[Matched], hosted: dict[int, HostingRecord], hotline: Hotline
) -> list[int]:
    """Record each capture's matches with their provenance and conclude it; its case then
    takes the next step (settled by a match that stands, or waiting for an analyst).
    Returns the captures whose cases wait."""
    captures = [c.capture for c in done]
    standing = record_matches(done)
    seen, now = seen_before(captures), timezone.now()
    contents = contents_of(captures)
    moves = [
        Move(
            c,
            CaptureState.CONCLUDED,
            {
                "seen_before": c.pk in seen,
                "settled_at": now if standing.get(c.pk) else None,
                "content_id": contents[c.pk].pk if c.pk in contents else None,
            },
        )
        for c in captures
    ]
    move_all(moves)
    # The case's steps come last: they take the grouping lock and the audit trail's head,
    # which every worker's commit waits for, so they are held for as short a time as can be.
    captures_concluded(
        [Conclusion(c, standing.get(c.pk, []), hosted.get(c.pk), c.pk in seen) for c in captures],
        contents,
        hotline,
    )
    return [c.pk for c in captures if not standing.get(c.pk)]


def matches_of(capture: Capture, known: KnownContent) -> MatchOutcome | None:
    """What the index says about the capture's hashes (pages have none)."""
    if capture.kind == MediaKind.HTML.value:
        return None
    as_threatexchange = capture.pdq_threatexchange
    return known.match(
        *hashes_of(capture),
        as_threatexchange=_pdq_hash(as_threatexchange) if as_threatexchange else None,
    )


def hosting_of(capture: Capture, sources: HostingSources) -> HostingTrace:
    """Where the item's host is served from (DNS and lookups: done outside any transaction)."""
    return trace_host(capture.item.host, sources)


def record_matches(done: Sequence[Matched]) -> dict[int, list[MatchRecord]]:
    """Replace the captures' match records with these outcomes'; per capture, the records
    that stand."""
    MatchRecord.objects.filter(capture__in=[c.capture for c in done]).delete()
    rows = [
        _record(c.capture, found, outcome)
        for c in done
        if c.outcome is not None
        for outcome, found_all in (
            ("stands", c.outcome.matches),
            ("suppressed", c.outcome.suppressed),
            ("benign", c.outcome.benign),
        )
        for found in found_all
    ]
    standing: dict[int, list[MatchRecord]] = defaultdict(list)
    for record in MatchRecord.objects.bulk_create(rows):
        if record.outcome == "stands":
            standing[record.capture_id].append(record)
    return standing


def record_hosting(done: Sequence[Concluded]) -> dict[int, HostingRecord]:
    """Store each capture's trace with its sources (replacing one an earlier try of this step
    stored), in one statement; by capture id."""
    fields = [
        f.name for f in HostingRecord._meta.concrete_fields if f.name not in ("id", "capture")
    ]
    records = HostingRecord.objects.bulk_create(
        [_hosting_record(c.capture, c.hosting) for c in done],
        update_conflicts=True,
        unique_fields=["capture"],
        update_fields=fields,
    )
    return {record.capture_id: record for record in records}


def _hosting_record(capture: Capture, found: HostingTrace) -> HostingRecord:
    return HostingRecord(
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


def seen_before(captures: Sequence[Capture]) -> set[int]:
    """Those of the captures whose bytes were captured more than once, from any address: one
    query counting each hash (the captures' own hashes are already committed)."""
    hashes = {c.sha256 for c in captures if c.sha256}
    repeated = set(
        Capture.objects.filter(sha256__in=hashes)
        .values("sha256")
        .annotate(times=Count("pk"))
        .filter(times__gt=1)
        .values_list("sha256", flat=True)
    )
    return {c.pk for c in captures if c.sha256 in repeated}


def hashes_of(
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
    frames = tuple(FrameHash(n, f["t"], _pdq_hash(f)) for n, f in enumerate(capture.frames))
    return digests, pdq, None, None, frames or None


def _stored(pdq: PdqHash | None) -> dict[str, object] | None:
    """A PDQ hash with its quality, as frames keep theirs."""
    return {"pdq": pdq.hex, "q": pdq.quality} if pdq else None


def _pdq_hash(stored: dict) -> PdqHash:
    return PdqHash(bytes.fromhex(stored["pdq"]), stored["q"])


def _record(capture: Capture, found: Provenance, outcome: str) -> MatchRecord:
    return MatchRecord(
        capture=capture,
        hash_list_id=found.list_id,
        list_name=found.list_name,
        list_kind=found.kind.value,
        entry_id=found.entry_id,
        hash_type=found.hash_type.value,
        distance=found.distance,
        variant=found.read_as,
        frame_timestamp=found.frame_timestamp,
        classification=found.classification.value if found.classification else "",
        outcome=outcome,
    )
