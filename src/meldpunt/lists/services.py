"""Creating lists, importing and exporting them (all or nothing), and loading them for matching."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from meldpunt.audit.services import Actor, record_event
from meldpunt.core.hashing.fingerprint import Fingerprint
from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    LineProblem,
    ListEntryDraft,
    ListKind,
    ListUnreadable,
    Skipped,
    for_list,
)
from meldpunt.core.hashlists.formats import ListFormat
from meldpunt.core.hashlists.known import KnownContent, KnownEntry, ListProfile, MatchOutcome
from meldpunt.lists.models import (
    HashList,
    HashListEntry,
    ListExclusion,
    ListsRevision,
    MatchRejection,
)
from meldpunt.lists.signals import entries_added

BATCH = 5000
T = TypeVar("T")
COLUMNS = {
    HashType.PDQ: "pdq",
    HashType.MD5: "md5",
    HashType.SHA1: "sha1",
    HashType.SHA256: "sha256",
    HashType.PHOTODNA: "photodna",
}


class ListImportRejected(Exception):
    """Nothing was imported; `problems` names every bad line, or the message says why."""

    def __init__(self, message: str, problems: list[LineProblem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; `unit` is what the file is made of ("line" or "record")."""

    added: int
    already_listed: int
    skipped: tuple[Skipped, ...]
    unit: str = "line"


def create_list(
    name: str,
    kind: ListKind,
    actor: Actor,
    *,
    classification: Classification | None = None,
    source: str = "",
    trust: str = "medium",
    threshold: int = 31,
) -> HashList:
    """A new, empty list; positive lists need a classification, negative ones take none."""
    hash_list = HashList(
        name=name,
        kind=kind.value,
        source=source,
        trust=trust,
        threshold=threshold,
        classification=classification.value if classification else "",
    )
    hash_list.full_clean()
    with transaction.atomic():
        hash_list.save()
        record_event(
            actor, "lists.created", hash_list, {"kind": kind.value, "threshold": threshold}
        )
    return hash_list


def import_entries(
    hash_list: HashList,
    list_format: ListFormat,
    data: bytes,
    actor: Actor,
    progress: Callable[[int], object] | None = None,
) -> ImportSummary:
    """Read the whole file first; store every new entry in one transaction, or none.

    Entries whose source says they belong on the other kind of list are skipped and counted.
    """
    try:
        reading = for_list(list_format.read(data), ListKind(hash_list.kind))
    except ListUnreadable as error:
        raise ListImportRejected(f"the file cannot be read: {error}") from None
    problems = reading.problems + _misfits(hash_list, reading.entries, reading.unit)
    if problems:
        raise ListImportRejected(_count(problems), sorted(problems, key=lambda p: p.line_no))
    with transaction.atomic():
        fresh = add_entries(hash_list, reading.entries, progress)
        record_event(
            actor,
            "lists.imported",
            hash_list,
            {
                "format": list_format.name,
                "added": len(fresh),
                "file_sha256": hashlib.sha256(data).hexdigest(),
            },
        )
    return ImportSummary(
        len(fresh), len(reading.entries) - len(fresh), reading.skipped, reading.unit
    )


def add_entries(
    hash_list: HashList,
    drafts: list[ListEntryDraft],
    progress: Callable[[int], object] | None = None,
) -> list[HashListEntry]:
    """Store the drafts the list does not hold yet (in the caller's transaction, which audits
    why); the lists' revision moves on and waiting captures are matched again. The new ones."""
    listed = _listed_keys(hash_list)
    fresh = []
    for draft in drafts:
        key = _key(draft.hashes)
        if key not in listed:
            listed.add(key)
            fresh.append(_row(hash_list, draft))
    for start in range(0, len(fresh), BATCH):
        HashListEntry.objects.bulk_create(fresh[start : start + BATCH])
        if progress:
            progress(len(fresh[start : start + BATCH]))
    hash_list.save(update_fields=["updated_at"])
    if fresh:
        ids = [entry.pk for entry in fresh]
        entries_added.send(HashList, hash_list=hash_list, entry_ids=(min(ids), max(ids)))
    return fresh


def remove_entries(entries: QuerySet[HashListEntry], actor: Actor) -> int:
    """Remove entries (the admin's delete), audited per list; returns how many went.

    The lists' revision moves on with them: that is how matching notices removals (see
    lists.index), so entries are only ever removed through here or with their list.
    """
    with transaction.atomic():
        removed = Counter(entries.values_list("hash_list_id", flat=True))
        if not removed:
            return 0
        entries.delete()
        HashList.objects.filter(pk__in=removed).update(updated_at=timezone.now())
        ListsRevision.move_on()
        for hash_list in HashList.objects.filter(pk__in=removed).order_by("pk"):
            count = {"removed": removed[hash_list.pk]}
            record_event(actor, "lists.entries_removed", hash_list, count)
    return sum(removed.values())


def exclude_entry(entry: HashListEntry, rejection: MatchRejection, actor: Actor) -> int:
    """Stop an entry matching and being exported (a senior confirmed `rejection`), in the
    caller's transaction, audited; the lists' revision moves on so every index drops it.
    Returns the revision that no longer holds the entry."""
    ListExclusion.objects.get_or_create(entry=entry, defaults={"rejection": rejection})
    HashList.objects.filter(pk=entry.hash_list_id).update(updated_at=timezone.now())
    ListsRevision.move_on()
    details = {"entry": entry.pk, "rejection": rejection.pk}
    record_event(actor, "lists.entry_excluded", entry.hash_list, details)
    return ListsRevision.current()


def delete_list(hash_list: HashList, actor: Actor) -> int:
    """Delete a list with its entries, audited; the revision moves on (lists.signals)."""
    with transaction.atomic():
        entries = hash_list.entries.count()
        record_event(
            actor, "lists.deleted", hash_list, {"name": hash_list.name, "entries": entries}
        )
        hash_list.delete()
    return entries


def export_entries(hash_list: HashList, list_format: ListFormat) -> tuple[bytes, int]:
    """The list in a format, and how many entries that format cannot carry."""
    return list_format.write(drafts_of(hash_list), ListKind(hash_list.kind))


def drafts_of(hash_list: HashList) -> Iterator[ListEntryDraft]:
    """Stored entries back in the form the file formats write (excluded ones are left out)."""
    standing = hash_list.entries.filter(exclusion__isnull=True)
    for row in standing.order_by("pk").iterator(chunk_size=BATCH):
        hashes = {
            kind: getattr(row, column) for kind, column in COLUMNS.items() if getattr(row, column)
        }
        yield ListEntryDraft(
            row.pk,
            hashes,
            Classification(row.classification) if row.classification else None,
            row.source_category,
            row.source_ref,
            media_id=row.vics_media_id,
        )


def load_known_content(
    progress: Callable[[int], object] | None = None,
    entries: QuerySet[HashListEntry] | None = None,
) -> KnownContent:
    """Every list and entry (or only these entries), indexed for matching, but for entries
    excluded after a confirmed rejection; `progress` hears of every BATCH entries."""
    profiles = [
        ListProfile(
            h.pk,
            h.name,
            ListKind(h.kind),
            h.threshold,
            Classification(h.classification) if h.classification else None,
            h.trust,
        )
        for h in HashList.objects.all()
    ]
    chosen = HashListEntry.objects.all() if entries is None else entries
    rows = chosen.filter(exclusion__isnull=True).values_list(
        "pk", "hash_list_id", "classification", "pdq", "md5", "sha1", "sha256"
    )
    known = (
        KnownEntry(
            pk,
            list_id,
            Classification(label) if label else None,
            *(bytes.fromhex(value) if value else None for value in hashes),
        )
        for pk, list_id, label, *hashes in _counted(rows.iterator(chunk_size=BATCH), progress)
    )
    return KnownContent(profiles, known)


def fingerprint_matcher(
    list_ids: set[int] | None = None, threshold: int | None = None
) -> Callable[[Fingerprint], MatchOutcome]:
    """Matching a file's fingerprint against every list (or only these), at each list's own
    threshold (or this one); the lists are loaded once, here."""
    known = load_known_content()

    def match(fingerprint: Fingerprint) -> MatchOutcome:
        return known.match(
            fingerprint.digests,
            fingerprint.pdq,
            threshold,
            list_ids,
            fingerprint.frames,
            as_threatexchange=fingerprint.pdq_threatexchange,
        )

    return match


def _counted(rows: Iterator[T], progress: Callable[[int], object] | None) -> Iterator[T]:
    """The rows, telling `progress` of each BATCH of them and of the last few."""
    done = 0
    for done, row in enumerate(rows, 1):
        yield row
        if progress and done % BATCH == 0:
            progress(BATCH)
    if progress and done % BATCH:
        progress(done % BATCH)


def _misfits(hash_list: HashList, entries: list[ListEntryDraft], unit: str) -> list[LineProblem]:
    if hash_list.kind != ListKind.NEGATIVE.value:
        return []
    return [
        LineProblem(
            e.line_no, "a negative list takes no classification; leave the column empty", unit
        )
        for e in entries
        if e.classification is not None
    ]


def _listed_keys(hash_list: HashList) -> set[tuple[str, ...]]:
    columns = list(COLUMNS.values())
    return {
        tuple(values)
        for values in hash_list.entries.values_list(*columns).iterator(chunk_size=BATCH)
    }


def _key(hashes: dict[HashType, str]) -> tuple[str, ...]:
    return tuple(hashes.get(kind, "") for kind in COLUMNS)


def _row(hash_list: HashList, draft: ListEntryDraft) -> HashListEntry:
    return HashListEntry(
        hash_list=hash_list,
        classification=draft.classification.value if draft.classification else "",
        source_category=draft.source_category,
        source_ref=draft.source_ref[:200],
        vics_media_id=draft.media_id,
        **{COLUMNS[kind]: value for kind, value in draft.hashes.items()},
    )


def _count(problems: list[LineProblem]) -> str:
    """ "3 records have problems", in the file's own unit (a VICS file may add a case)."""
    units = {p.unit for p in problems}
    unit = units.pop() if len(units) == 1 else "part"
    if len(problems) == 1:
        return f"1 {unit} has a problem"
    return f"{len(problems)} {unit}s have problems"
