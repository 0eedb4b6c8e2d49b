"""Cases already waiting for an analyst, matched again when hash-list entries are added.

Without this, material a list names stays in the analyst queue if the list arrives after the
capture. Only the new entries are searched, in the background: the current capture of every
case awaiting assessment is compared with an index of just those entries. The few that hit
one are then matched again against every list, through the same code that concludes a
capture (steps.record_matches): negative lists suppress look-alikes as they would have at
capture time, and the case is settled as at capture time (cases.concluding.settled_again):
the same provenance, verdicts and `matched` event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from meldpunt.capture import steps
from meldpunt.capture.leases import claim_concluded, let_go, release, tokens_of
from meldpunt.capture.models import Capture
from meldpunt.capture.states import CaptureState
from meldpunt.capture.transactions import step_transaction
from meldpunt.cases.concluding import Concluded, settled_again
from meldpunt.cases.models import Case
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.cases.timeline import CaseState
from meldpunt.core.hashlists.entries import ListKind
from meldpunt.core.hashlists.known import KnownContent
from meldpunt.core.media_types import MediaKind
from meldpunt.lists.models import HashList, HashListEntry

if TYPE_CHECKING:
    from meldpunt.bootstrap import Parts

log = logging.getLogger(__name__)

CONCLUDED = CaptureState.CONCLUDED
SCAN_CHUNK = 2000  # captures read at a time while comparing
SETTLE_GROUP = 100  # captures concluded again per lease and transaction
BECAUSE = "hash list changed"


def match_new_entries(list_id: int, entry_ids: tuple[int, int], revision: int, parts: Parts) -> int:
    """Compare every capture awaiting assessment with the list's entries in `entry_ids`
    (lowest, highest) and settle those whose match stands against all lists (as of
    `revision` or later). Returns how many were settled."""
    hash_list = HashList.objects.filter(pk=list_id).first()
    if hash_list is None or hash_list.kind != ListKind.POSITIVE.value:
        return 0  # a negative entry settles nothing: it can only suppress
    new = _index_of(hash_list, entry_ids)
    compared, hits = 0, []
    for capture in _awaiting():
        compared += 1
        found = steps.matches_of(capture, new)  # as at capture time: both PDQ readings too
        if found is not None and found.known:
            hits.append(capture.pk)
    settled = settle_if_known(hits, revision, parts)
    log.info(
        "hash list %d: %d captures awaiting assessment compared with %d new entries; "
        "%d matched one, %d settled by match",
        list_id,
        compared,
        len(new),
        len(hits),
        settled,
    )
    return settled


def settle_if_known(capture_ids: Sequence[int], revision: int, parts: Parts) -> int:
    """Conclude these captures awaiting assessment again, against every list as of `revision`
    or later: those whose match stands are settled by it, audited; the rest are left as they
    were. Captures no longer waiting, or held by someone, are skipped. Returns how many
    were settled."""
    if not capture_ids:
        return 0
    known, hotline = parts.known.known_content(at_least=revision), parts.hotline
    settled = 0
    for start in range(0, len(capture_ids), SETTLE_GROUP):
        held = claim_concluded(capture_ids[start : start + SETTLE_GROUP], CONCLUDED)
        tokens = tokens_of(held)
        try:
            settled += _settle_known(held, known, hotline)
        finally:
            for capture in held:
                release(capture)
            let_go(tokens)
    return settled


def _settle_known(held: Sequence[Capture], known: KnownContent, hotline: Hotline) -> int:
    matched = [steps.Matched(c, steps.matches_of(c, known)) for c in held]
    standing = [m for m in matched if m.outcome is not None and m.outcome.known]
    if not standing:
        return 0
    with step_transaction():
        records = steps.record_matches(standing)
        done = [Concluded(m.capture, records.get(m.capture.pk, []), None) for m in standing]
        return settled_again(done, BECAUSE, hotline)


def _index_of(hash_list: HashList, entry_ids: tuple[int, int]) -> KnownContent:
    from meldpunt.lists.services import load_known_content

    lowest, highest = entry_ids
    entries = HashListEntry.objects.filter(hash_list=hash_list, pk__range=(lowest, highest))
    return load_known_content(entries=entries)


def _awaiting() -> Iterator[Capture]:
    """The current captures of cases awaiting assessment that have hashes to compare (pages
    have none)."""
    waiting = Case.objects.filter(state=CaseState.AWAITING_ASSESSMENT.value)
    return (
        Capture.objects.filter(state=CONCLUDED, pk__in=waiting.values("capture"))
        .exclude(kind=MediaKind.HTML.value)
        .only(
            "pk",
            "item",
            "content",
            "kind",
            "md5",
            "sha1",
            "sha256",
            "pdq_quality",
            "pdq_variants",
            "frames",
            "pdq_threatexchange",
        )
        .order_by("pk")
        .iterator(chunk_size=SCAN_CHUNK)
    )
