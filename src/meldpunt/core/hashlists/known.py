"""Known content: every list's entries in one PDQ index and one digest index, with provenance.

Rules (DOMAIN.md, "Match"):
- a PDQ match counts within the list's threshold (or a threshold given for the query), against
  any of the 8 dihedral variants; the best variant per entry is kept;
- a PDQ hash with quality < 50 is not trusted, so it is not matched at all;
- a palette or CMYK image is also matched by the PDQ python-threatexchange (and so HMA) computes
  for it, which differs from its own (see hashing.threatexchange_pdq); the closer one counts;
- a match on a negative list (known benign images) suppresses positive *perceptual* matches.
  An exact-digest positive match stands unless the same file is also on a negative list by
  exact digest: a byte-identical copy of listed material is not a look-alike.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from meldpunt.core.hashing.digests import Digests
from meldpunt.core.hashing.pdq import DihedralHashes, PdqHash, Variant
from meldpunt.core.hashing.video import FrameHash
from meldpunt.core.hashlists.entries import Classification, HashType, ListKind
from meldpunt.core.hashlists.entry_table import EntryTable, Label
from meldpunt.core.matching.digests import DigestIndex
from meldpunt.core.matching.index import PdqIndex
from meldpunt.core.matching.words import HASH_BYTES, to_words


@dataclass(frozen=True)
class ListProfile:
    """What matching needs to know about one list."""

    list_id: int
    name: str
    kind: ListKind
    threshold: int
    classification: Classification | None = None
    trust: str = ""


@dataclass(frozen=True)
class KnownEntry:
    """One stored entry with its hashes as bytes (any may be missing)."""

    entry_id: int
    list_id: int
    classification: Classification | None = None
    pdq: bytes | None = None
    md5: bytes | None = None
    sha1: bytes | None = None
    sha256: bytes | None = None


@dataclass(frozen=True)
class Provenance:
    """Why an item matched: which list, which entry, by what hash, how close, which variant."""

    list_id: int
    list_name: str
    kind: ListKind
    entry_id: int
    hash_type: HashType
    distance: int
    variant: Variant | None
    classification: Classification | None
    frame_timestamp: float | None = None  # for a video: the best-matching frame's time
    as_threatexchange: bool = False  # matched by python-threatexchange's PDQ of the image

    @property
    def exact(self) -> bool:
        """Matched byte for byte (by digest), not by look."""
        return self.hash_type is not HashType.PDQ

    @property
    def read_as(self) -> str:
        """How the image was read for a look-alike match: its variant ("original", "rotate_90"
        ...) or "threatexchange" (python-threatexchange's PDQ of it); "" for a digest."""
        if self.as_threatexchange:
            return "threatexchange"
        return self.variant.name.lower() if self.variant is not None else ""


@dataclass(frozen=True)
class MatchOutcome:
    """Positive matches that stand, those a negative list suppressed, and the negative ones."""

    matches: tuple[Provenance, ...]
    suppressed: tuple[Provenance, ...]
    benign: tuple[Provenance, ...]
    pdq_untrusted: bool

    @property
    def known(self) -> bool:
        """At least one positive match stands: the item is known material."""
        return bool(self.matches)


class KnownContent:
    """Lists and entries loaded for matching; rebuild or add() when lists change."""

    def __init__(self, lists: Iterable[ListProfile], entries: Iterable[KnownEntry] = ()) -> None:
        self._lists = {profile.list_id: profile for profile in lists}
        pdq_ids, pdq_hashes = array("q"), bytearray()  # compact while loading millions
        digest_rows: list[tuple[int, str, bytes]] = []

        def labels() -> Iterator[tuple[int, Label]]:
            for entry in entries:
                self._check(entry)
                if entry.pdq is not None:
                    if len(entry.pdq) != HASH_BYTES:
                        raise ValueError(
                            f"entry {entry.entry_id}: its PDQ hash has {len(entry.pdq)} bytes, "
                            f"not {HASH_BYTES}"
                        )
                    pdq_ids.append(entry.entry_id)
                    pdq_hashes.extend(entry.pdq)
                digest_rows.extend((entry.entry_id, name, v) for name, v in _digests_of(entry))
                yield entry.entry_id, (entry.list_id, entry.classification)

        self._entries = EntryTable(labels())  # the hashes live on in the indexes only
        ids = np.frombuffer(pdq_ids, dtype=np.int64)
        self._pdq = PdqIndex.from_arrays(ids, to_words([bytes(pdq_hashes)]))
        self._digests = DigestIndex(digest_rows)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: KnownEntry) -> None:
        """Add or replace one entry."""
        self._check(entry)
        self.remove(entry.entry_id)
        self._entries.add(entry.entry_id, (entry.list_id, entry.classification))
        if entry.pdq is not None:
            self._pdq.add(entry.entry_id, entry.pdq)
        for name, value in _digests_of(entry):
            self._digests.add(entry.entry_id, name, value)

    def remove(self, entry_id: int) -> None:
        """Forget one entry, if present."""
        if self._entries.remove(entry_id):
            self._pdq.remove(entry_id)
            self._digests.remove(entry_id)

    def match(
        self,
        digests: Digests | None,
        pdq: DihedralHashes | None,
        threshold: int | None = None,
        only_lists: set[int] | None = None,
        frames: tuple[FrameHash, ...] | None = None,
        as_threatexchange: PdqHash | None = None,
    ) -> MatchOutcome:
        """Everything the file matches; `only_lists` narrows positive lists, never negatives.

        `as_threatexchange` is python-threatexchange's PDQ of the image, where it differs.
        """
        untrusted = pdq is not None and not pdq.original.trusted
        usable = [f for f in frames or () if f.pdq.trusted]
        untrusted = untrusted or bool(frames and not usable)
        exact = self._exact(digests)
        near = [] if pdq is None or untrusted else self._near(pdq.variants, threshold)
        near += self._near(tuple(f.pdq for f in usable), threshold, [f.timestamp for f in usable])
        if as_threatexchange is not None and as_threatexchange.trusted:
            near = _closer(near, self._near((as_threatexchange,), threshold))
        byte_identical = {p.entry_id for p in exact}
        found = exact + [p for p in near if p.entry_id not in byte_identical]
        found = [
            p
            for p in found
            if p.kind is ListKind.NEGATIVE or only_lists is None or p.list_id in only_lists
        ]
        benign = [p for p in found if p.kind is ListKind.NEGATIVE]
        positive = [p for p in found if p.kind is ListKind.POSITIVE]
        exact_benign = any(p.exact for p in benign)
        stands = [p for p in positive if not benign or (p.exact and not exact_benign)]
        suppressed = [p for p in positive if p not in stands]
        return MatchOutcome(_ordered(stands), _ordered(suppressed), _ordered(benign), untrusted)

    def _exact(self, digests: Digests | None) -> list[Provenance]:
        if digests is None:
            return []
        return [
            self._provenance(m.entry_id, HashType(m.algorithm), 0, None)
            for m in self._digests.lookup(digests)
        ]

    def _near(
        self, hashes: tuple[PdqHash, ...], threshold: int | None, times: list[float] | None = None
    ) -> list[Provenance]:
        """Best match per entry over the hashes: dihedral variants of an image, or video frames."""
        if not hashes:
            return []
        widest = (
            threshold
            if threshold is not None
            else max((p.threshold for p in self._lists.values()), default=0)
        )
        best: dict[int, tuple[int, int]] = {}
        queries = [h.bits for h in hashes]
        for number, matches in enumerate(self._pdq.search_batch(queries, widest)):
            for match in matches:
                list_id, _ = self._entries.label(match.entry_id)
                limit = threshold if threshold is not None else self._lists[list_id].threshold
                if match.distance <= limit and (
                    match.entry_id not in best or match.distance < best[match.entry_id][0]
                ):
                    best[match.entry_id] = (match.distance, number)
        return [
            self._provenance(
                entry_id,
                HashType.PDQ,
                distance,
                Variant(0 if times else number),
                times[number] if times else None,
            )
            for entry_id, (distance, number) in best.items()
        ]

    def _provenance(
        self,
        entry_id: int,
        hash_type: HashType,
        distance: int,
        variant: Variant | None,
        frame_timestamp: float | None = None,
    ) -> Provenance:
        list_id, classification = self._entries.label(entry_id)
        profile = self._lists[list_id]
        return Provenance(
            profile.list_id,
            profile.name,
            profile.kind,
            entry_id,
            hash_type,
            distance,
            variant,
            classification or profile.classification,
            frame_timestamp,
        )

    def _check(self, entry: KnownEntry) -> None:
        if entry.list_id not in self._lists:
            raise ValueError(
                f"entry {entry.entry_id} belongs to list {entry.list_id}, which is not loaded"
            )


def _digests_of(entry: KnownEntry) -> list[tuple[str, bytes]]:
    pairs = (("md5", entry.md5), ("sha1", entry.sha1), ("sha256", entry.sha256))
    return [(name, value) for name, value in pairs if value is not None]


def _closer(own: list[Provenance], theirs: list[Provenance]) -> list[Provenance]:
    """Per entry, the closer of a match by the image's own PDQ and by python-threatexchange's
    (on a tie, the image's own)."""
    best = {p.entry_id: p for p in own}
    for p in theirs:
        if p.entry_id not in best or p.distance < best[p.entry_id].distance:
            best[p.entry_id] = replace(p, variant=None, as_threatexchange=True)
    return list(best.values())


def _ordered(found: list[Provenance]) -> tuple[Provenance, ...]:
    """Exact matches first, then nearest; ties by list and entry for a stable answer."""
    return tuple(sorted(found, key=lambda p: (not p.exact, p.distance, p.list_id, p.entry_id)))
