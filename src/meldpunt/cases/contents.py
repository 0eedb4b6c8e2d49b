"""Content identity: one Content per SHA-256, which every capture of those bytes points to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from meldpunt.bulk_insert import insert_rows
from meldpunt.capture.models import Capture
from meldpunt.cases.models import Content
from meldpunt.core.hashing.pdq import TRUSTED_QUALITY

CHUNK = 5000


def contents_of(captures: Sequence[Capture]) -> dict[int, Content]:
    """The content of each hashed capture (by capture id), created where the bytes are new.
    The caller points the captures to them, and places the new ones among the near copies
    (near_copies.place) as late in its transaction as it can: that takes the grouping lock."""
    hashed = [c for c in captures if c.sha256]
    if not hashed:
        return {}
    # Insert first, skipping the bytes already known: most captures are of new bytes, so
    # this is one statement, and only the known ones are read back (with their groups).
    at = timezone.now()
    rows = {c.sha256: _new_content(c, at) for c in hashed}
    made = insert_rows(Content, list(rows.values()), key="sha256", skip_existing=True)
    found = {sha256: _made(rows[sha256], pk) for sha256, pk in made.items()}
    found |= _by_sha256(set(rows) - set(made))
    return {c.pk: found[c.sha256] for c in hashed}


def _by_sha256(hashes: set[str]) -> dict[str, Content]:
    found: dict[str, Content] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), CHUNK):
        part = Content.objects.filter(sha256__in=ordered[start : start + CHUNK])
        found.update((content.sha256, content) for content in part)
    return found


def _new_content(capture: Capture, at: datetime) -> dict[str, Any]:
    trusted = (capture.pdq_quality or 0) >= TRUSTED_QUALITY and bool(capture.pdq_variants)
    return {
        "sha256": capture.sha256,
        "md5": capture.md5,
        "sha1": capture.sha1,
        "kind": capture.kind,
        "size": capture.size,
        "pdq": capture.pdq,
        "pdq_quality": capture.pdq_quality,
        "pdq_variants": capture.pdq_variants if trusted else [],
        "first_captured_at": at,
    }


def _made(row: dict[str, Any], pk: int) -> Content:
    """The content just inserted, as the database holds it (in no group, not yet placed)."""
    content = Content(pk=pk, **row)
    content._state.adding, content._state.db = False, connection.alias
    return content
