"""The ThreatExchange file format: one `<signal type> <hash> [note]` line per entry."""

from __future__ import annotations

from collections.abc import Iterable

from meldpunt.core.hashlists.entries import (
    HashType,
    LineProblem,
    ListEntryDraft,
    ListReading,
    decode_text,
    normalised_hash,
)

# ThreatExchange's signal-type names, and the names people write by hand.
SIGNAL_TYPES = {
    "pdq": HashType.PDQ,
    "md5": HashType.MD5,
    "video_md5": HashType.MD5,
    "photo_md5": HashType.MD5,
}


def read_threatexchange(data: bytes) -> ListReading:
    """Every entry, or every problem; blank lines and # comments are skipped."""
    entries, problems = [], []
    for line_no, line in enumerate(decode_text(data).splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            entries.append(_entry(line_no, text))
        except ValueError as error:
            problems.append(LineProblem(line_no, str(error)))
    return ListReading(entries, problems)


def _entry(line_no: int, text: str) -> ListEntryDraft:
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        raise ValueError("expected a signal type and a hash, e.g. 'pdq <64 hex characters>'")
    kind = SIGNAL_TYPES.get(parts[0].lower())
    if kind is None:
        raise ValueError(f"signal type {parts[0]!r} is not supported; use pdq or md5")
    note = parts[2] if len(parts) > 2 else ""
    return ListEntryDraft(line_no, {kind: normalised_hash(kind, parts[1])}, source_ref=note)


def write_threatexchange(entries: Iterable[ListEntryDraft]) -> tuple[bytes, int]:
    """The file, and how many entries had no PDQ or MD5 hash and so could not be written."""
    lines, left_out = [], 0
    for entry in entries:
        written = False
        for kind, name in ((HashType.PDQ, "pdq"), (HashType.MD5, "md5")):
            if kind in entry.hashes:
                note = f" {entry.source_ref}" if entry.source_ref else ""
                lines.append(f"{name} {entry.hashes[kind]}{note}")
                written = True
        left_out += not written
    return "".join(f"{line}\n" for line in lines).encode(), left_out
