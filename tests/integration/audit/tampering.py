"""What someone who can write to the database can do to the trail, done with plain SQL."""

from django.db import connection

from meldpunt.audit.checkpoints import witness_head
from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor, record_event
from meldpunt.core.audit_chain import GENESIS_HASH, entry_hash, stamp


def trail(length: int, checkpoints_at: set[int] = frozenset()) -> list[AuditEvent]:
    """`length` events, with the head signed after each event number in `checkpoints_at`."""
    events = []
    for n in range(1, length + 1):
        events.append(record_event(Actor.system(), "test.event", None, {"n": n}))
        if n in checkpoints_at:
            witness_head("test")
    return events


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def move_head(seq: int) -> None:
    """Point the head row at stored event `seq`, as if the trail ended there."""
    digest = AuditEvent.objects.get(seq=seq).hash if seq else GENESIS_HASH
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [seq, digest])


def cut_after(seq: int) -> None:
    """Delete every event after `seq`."""
    sql("DELETE FROM audit_auditevent WHERE seq > %s", [seq])


def rewrite_without(seq: int) -> None:
    """Delete event `seq`, renumber and rehash every later event, and move the head to match:
    afterwards the chain on its own holds together again."""
    later = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values())
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
    sql("DELETE FROM audit_auditevent WHERE seq >= %s", [seq])
    for row in later:
        row["seq"], row["prev_hash"] = row["seq"] - 1, prev
        row["hash"] = prev = _hash_of(row)
    AuditEvent.objects.bulk_create([AuditEvent(**row) for row in later])
    move_head(seq - 1 + len(later))


def forge_event(linked: bool = True) -> AuditEvent:
    """Insert an event after the last one without moving the head, correctly linked and
    hashed unless told otherwise."""
    last = AuditEvent.objects.order_by("seq").last()
    row = {
        "seq": last.seq + 1,
        "occurred_at": last.occurred_at,
        "actor": "staff:1",
        "action": "test.forged",
        "subject": "",
        "details": {},
        "prev_hash": last.hash if linked else "e" * 64,
    }
    row["hash"] = _hash_of(row)
    [forged] = AuditEvent.objects.bulk_create([AuditEvent(**row)])
    return forged


def _hash_of(row: dict) -> str:
    return entry_hash(
        row["prev_hash"],
        row["seq"],
        stamp(row["occurred_at"]),
        row["actor"],
        row["action"],
        row["subject"],
        row["details"],
    )
