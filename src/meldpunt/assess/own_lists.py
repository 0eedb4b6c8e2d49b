"""The hotline's own lists: settled assessments become entries, so the same content, or a
near copy, at a new address is settled by a match and nobody has to see it again.

Illegal work goes on the positive list with its classification (baseline or national);
not-illegal work on the negative list, so look-alikes are not flagged. Doubtful work that a
senior settled as doubtful goes on neither. A correction moves the work's entries.
"""

from __future__ import annotations

from collections.abc import Sequence

from meldpunt.assess.models import AssessedWork, Assessment
from meldpunt.audit.services import Actor, record_event
from meldpunt.cases.models import Content
from meldpunt.core.cases.verdicts import Classification as Verdict
from meldpunt.core.hashing.pdq import TRUSTED_QUALITY
from meldpunt.core.hashlists.entries import Classification, HashType, ListEntryDraft, ListKind
from meldpunt.lists.models import HashList, HashListEntry, Trust
from meldpunt.lists.services import add_entries

POSITIVE = "Assessed by this hotline"
NEGATIVE = "Assessed by this hotline: not illegal"
SOURCE = "this hotline's own settled assessments"
ON_LIST = {
    Verdict.BASELINE.value: (ListKind.POSITIVE, Classification.BASELINE),
    Verdict.NATIONAL.value: (ListKind.POSITIVE, Classification.NATIONAL),
    Verdict.NOT_ILLEGAL.value: (ListKind.NEGATIVE, None),
}


def list_settled(
    work: AssessedWork, assessment: Assessment, contents: Sequence[Content], actor: Actor
) -> int:
    """Put the settled work's contents on the own list its classification belongs to (and
    off the other); returns how many entries were added."""
    removed = _unlist(contents)
    placing = ON_LIST.get(assessment.classification)
    if placing is None:
        _audit(actor, work, assessment, None, 0, removed)
        return 0
    kind, classification = placing
    hash_list = own_list(kind)
    ref = f"assessment {assessment.pk} on {assessment.made_at.date().isoformat()}"
    drafts = [_draft(content, classification, ref) for content in contents]
    added = add_entries(hash_list, drafts)
    _audit(actor, work, assessment, hash_list, len(added), removed)
    return len(added)


def own_list(kind: ListKind) -> HashList:
    """The hotline's own positive or negative list, made the first time it is needed."""
    name = POSITIVE if kind is ListKind.POSITIVE else NEGATIVE
    found, _ = HashList.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind.value,
            "classification": Classification.NATIONAL.value if kind is ListKind.POSITIVE else "",
            "source": SOURCE,
            "trust": Trust.HIGH,
        },
    )
    return found


def _draft(content: Content, classification: Classification | None, ref: str) -> ListEntryDraft:
    hashes = {HashType.SHA256: content.sha256, HashType.MD5: content.md5}
    hashes[HashType.SHA1] = content.sha1
    if content.pdq and (content.pdq_quality or 0) >= TRUSTED_QUALITY:
        hashes[HashType.PDQ] = content.pdq
    return ListEntryDraft(0, hashes, classification, source_ref=ref)


def _unlist(contents: Sequence[Content]) -> int:
    """Take the contents off both own lists (a correction may move them)."""
    own = HashList.objects.filter(name__in=[POSITIVE, NEGATIVE])
    entries = HashListEntry.objects.filter(
        hash_list__in=own, sha256__in=[c.sha256 for c in contents]
    )
    removed, _ = entries.delete()
    if removed:
        for hash_list in own:
            hash_list.save(update_fields=["updated_at"])  # the lists' revision moves on
    return removed


def _audit(
    actor: Actor,
    work: AssessedWork,
    assessment: Assessment,
    hash_list: HashList | None,
    added: int,
    removed: int,
) -> None:
    details = {
        "work": work.work,
        "assessment": assessment.pk,
        "list": hash_list.name if hash_list else None,
        "added": added,
        "removed": removed,
    }
    record_event(actor, "lists.assessed", hash_list, details)
