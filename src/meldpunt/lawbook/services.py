"""The rule files a hotline proposes in its data directory, reviewed against the law in force,
and a manager's approval of one: checked again, recorded and audited in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meldpunt.accounts.models import User
from meldpunt.accounts.roles import APPROVE_LAW
from meldpunt.audit.services import Actor, record_event
from meldpunt.core.law import Approved, Review, review
from meldpunt.core.law.proposals import unreadable
from meldpunt.lawbook.models import ApprovalLock, ApprovedRuleFile

MAX_BYTES = 1_000_000  # a rule file is a few kilobytes; anything this large is not one


class ApprovalRefused(Exception):
    """Nothing was approved; the message says why, for the manager."""


def in_force() -> list[ApprovedRuleFile]:
    """The newest approval of each jurisdiction, by jurisdiction."""
    newest: dict[str, ApprovedRuleFile] = {}
    for row in ApprovedRuleFile.objects.order_by("jurisdiction", "-sequence"):
        newest.setdefault(row.jurisdiction, row)
    return list(newest.values())


def approved_in_force() -> list[Approved]:
    """The approvals in force, as the core reads them."""
    return [_as_approved(row) for row in in_force()]


def newest_approval_id() -> int:
    """The id of the latest approval (0 for none): it changes whenever the law in force does."""
    newest = ApprovedRuleFile.objects.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0


def history() -> list[ApprovedRuleFile]:
    """Every approval, newest first."""
    return list(ApprovedRuleFile.objects.select_related("approved_by").order_by("-pk"))


def proposed_names(directory: Path) -> list[str]:
    """The rule files (*.toml) in the proposals directory, in name order; none if it is absent."""
    if not directory.is_dir():
        return []
    return sorted(path.name for path in directory.glob("*.toml") if path.is_file())


def pending(directory: Path) -> list[Review]:
    """The review of every proposed file whose text is not the one in force."""
    approved = approved_in_force()
    reviews = [_read(directory, name, approved)[0] for name in proposed_names(directory)]
    return [seen for seen in reviews if not seen.in_force]


def approve(user: User, name: str, sha256: str, directory: Path) -> ApprovedRuleFile:
    """Approve the proposed file `name` as shown with digest `sha256`: read again, refused if
    it changed or if the whole law does not hold with it; then recorded and audited."""
    if not user.has_role(*APPROVE_LAW):
        raise ApprovalRefused(_("Only a hotline manager may approve rule files."))
    if name not in proposed_names(directory):
        raise ApprovalRefused(_("That rule file is no longer in the proposals folder."))
    with transaction.atomic():
        ApprovalLock.objects.select_for_update().get_or_create(pk=1)
        rows = {row.jurisdiction: row for row in in_force()}
        seen, text = _read(directory, name, [_as_approved(row) for row in rows.values()])
        _refuse_unless_approvable(seen, sha256)
        approval = _record(user, seen, text, rows.get(seen.jurisdiction))
    return approval


def _refuse_unless_approvable(seen: Review, sha256: str) -> None:
    if seen.digest != sha256:
        raise ApprovalRefused(
            _("The file changed after it was shown. Nothing was approved: review it again.")
        )
    if seen.in_force:
        raise ApprovalRefused(_("This text is already the one in force."))
    if not seen.passed:
        raise ApprovalRefused(
            _("The law does not hold with this file. Nothing was approved: correct the file.")
        )


def _record(
    user: User, seen: Review, text: str, previous: ApprovedRuleFile | None
) -> ApprovedRuleFile:
    try:
        with transaction.atomic():
            approval = ApprovedRuleFile.objects.create(
                jurisdiction=seen.jurisdiction,
                file_name=seen.name,
                text=text,
                sha256=seen.digest,
                declared_version=seen.declared_version,
                sequence=seen.sequence,
                version=seen.version,
                replaces=previous,
                approved_by=user,
            )
    except IntegrityError:  # approved meanwhile by someone holding no lock: a second look
        raise ApprovalRefused(
            _("Another approval was made at the same moment. Review the file again.")
        ) from None
    details = {
        "approval": approval.pk,
        "replaces": previous.pk if previous else None,
        "jurisdiction": approval.jurisdiction,
        "version": approval.version,
        "sha256": approval.sha256,
    }
    record_event(Actor.staff(user), "law.approved", approval, details)
    return approval


def _read(directory: Path, name: str, approved: Sequence[Approved]) -> tuple[Review, str]:
    """The file's review and the very text reviewed ("" if it could not be read), from one
    read: what is approved is what was checked."""
    data = _bytes(directory / name)
    if data is None:
        return unreadable(name, "", "cannot be read, or is larger than a rule file can be"), ""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return unreadable(name, digest, "cannot be read: not UTF-8 text"), ""
    return review(name, text, approved), text


def _bytes(path: Path) -> bytes | None:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_BYTES else None


def _as_approved(row: ApprovedRuleFile) -> Approved:
    return Approved(row.jurisdiction, row.file_name, row.text, row.declared_version, row.sequence)
