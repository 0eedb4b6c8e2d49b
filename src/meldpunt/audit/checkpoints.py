"""Signing checkpoints of the audit trail's head: into the checkpoint file, then the database."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldpunt.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from meldpunt.bootstrap import parts
from meldpunt.core.audit_chain import GENESIS_HASH, stamp
from meldpunt.core.audit_checkpoints import (
    Checkpoint,
    CheckpointFile,
    sign_checkpoint,
    verify_key_of,
)

log = logging.getLogger(__name__)


class CheckpointFailed(RuntimeError):
    """No checkpoint could be signed; the message says why."""


def checkpoint_file() -> CheckpointFile:
    """The append-only checkpoint file in the data directory: the authority."""
    return CheckpointFile(Path(settings.MELDPUNT_AUDIT_CHECKPOINTS))


def audit_verify_key() -> bytes:
    """The public key the checkpoints are checked with."""
    return verify_key_of(parts().audit_signing_key())


def witness_head(reason: str) -> Checkpoint:
    """Sign the trail's committed head, unless the latest checkpoint already covers it, and
    append it to the checkpoint file, then to the database's copy.

    The signer signs what it finds and judges nothing: every checkpoint signed earlier stays,
    and `audit verify` holds the trail against all of them. Call it outside a transaction, or
    it could sign events that are then rolled back (see witness_when_committed)."""
    signing_key = parts().audit_signing_key()
    verify_key = verify_key_of(signing_key)

    def next_checkpoint(latest: Checkpoint | None) -> Checkpoint:
        seq, head = committed_head()
        covered = latest is not None and (latest.seq, latest.head) == (seq, head)
        if covered and latest is not None and latest.signature_holds(verify_key):
            return latest
        return sign_checkpoint(signing_key, seq, head, stamp(timezone.now()), reason)

    store = checkpoint_file()
    try:
        checkpoint, appended = store.extend(next_checkpoint)
    except OSError as error:
        raise CheckpointFailed(f"cannot write the checkpoint file {store.path}: {error}") from None
    if appended:
        _copy_to_database(checkpoint)
        log.info("Audit checkpoint signed for event #%s (%s).", checkpoint.seq, reason)
    return checkpoint


def witness_when_committed(reason: str) -> None:
    """Sign a checkpoint as soon as the current transaction commits (at once outside one).

    Errors are not swallowed: the action that needed the checkpoint (opening a sealed contact,
    say) fails visibly rather than going on unwitnessed."""
    transaction.on_commit(partial(witness_head, reason))


def committed_head() -> tuple[int, str]:
    """The head row's (seq, hash); (0, genesis) for an empty trail."""
    head = AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    if head is not None:
        return head
    if AuditEvent.objects.exists():
        raise CheckpointFailed(
            "the audit trail's head row is missing, so there is no head to sign; "
            "run `meldpunt audit verify`"
        )
    return 0, GENESIS_HASH


def _copy_to_database(checkpoint: Checkpoint) -> None:
    AuditCheckpoint.objects.create(
        seq=checkpoint.seq,
        signed_at=datetime.fromisoformat(checkpoint.signed_at),
        reason=checkpoint.reason,
        line=checkpoint.to_line(),
    )
