"""What a hash-list entry is, independent of storage: hashes, classification, source reference."""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum

from meldpunt.core.matching.digests import parse_digest

MAX_LIST_BYTES = 512 * 2**20  # a list file larger than this is split before import
PHOTODNA_BYTES = 144


class ListKind(StrEnum):
    """Positive lists name known illegal material; negative lists name known benign images."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Classification(StrEnum):
    """The classification a positive list carries (ICCAM baseline, national, industry A1-B2)."""

    BASELINE = "baseline"
    NATIONAL = "national"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class HashType(StrEnum):
    """The hash kinds a list entry can carry."""

    PDQ = "pdq"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"
    PHOTODNA = "photodna"


@dataclass(frozen=True)
class SourceOpinion:
    """What the file's source says an entry is: the kind of list it fits, in the source's words."""

    fits: ListKind
    label: str  # e.g. "VICS category 0 (not pertinent)": names the source's own category


@dataclass(frozen=True)
class ListEntryDraft:
    """One entry read from a list file, checked but not yet stored."""

    line_no: int
    hashes: dict[HashType, str] = field(hash=False)
    classification: Classification | None = None
    source_category: int | None = None
    source_ref: str = ""
    opinion: SourceOpinion | None = None
    media_id: int | None = None  # a VICS MediaID, written back on export


@dataclass(frozen=True)
class LineProblem:
    """Why one line (or record) of a list file was refused."""

    line_no: int
    message: str
    unit: str = "line"

    def __str__(self) -> str:
        return f"{self.unit} {self.line_no}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """Lines or records read but left out on purpose, and why."""

    count: int
    reason: str


@dataclass(frozen=True)
class ListReading:
    """Everything a list file held: entries if it is clean, and every problem if not.

    `unit` is what the file is made of ("line" or "record"), for counts and messages.
    """

    entries: list[ListEntryDraft]
    problems: list[LineProblem]
    skipped: tuple[Skipped, ...] = ()
    unit: str = "line"


def for_list(reading: ListReading, kind: ListKind) -> ListReading:
    """Leave out entries whose source says they belong on the other kind of list, counted by
    the source's own words: a known-benign record never reaches a positive list, nor a
    known-abuse record a negative one."""
    misfits: Counter[str] = Counter()
    kept = []
    for entry in reading.entries:
        if entry.opinion is not None and entry.opinion.fits is not kind:
            misfits[entry.opinion.label] += 1
        else:
            kept.append(entry)
    skipped = tuple(
        Skipped(count, f"{label}, which does not belong on a {kind.value} list")
        for label, count in sorted(misfits.items())
    )
    return replace(reading, entries=kept, skipped=reading.skipped + skipped)


def counted(counts: Counter[str]) -> tuple[Skipped, ...]:
    """Reasons with their counts, in a stable order."""
    return tuple(Skipped(count, reason) for reason, count in sorted(counts.items()))


class ListUnreadable(ValueError):
    """The whole file is unusable (not UTF-8, not JSON, too large); nothing line-level to say."""


def normalised_hash(kind: HashType, text: str) -> str:
    """Lower-case hex (PhotoDNA: canonical base64), or ValueError explaining the problem."""
    text = text.strip()
    if kind is HashType.PDQ:
        if len(text) != 64:
            raise ValueError(f"a PDQ hash is 64 hex characters, not {len(text)}")
        try:
            bytes.fromhex(text)
        except ValueError:
            raise ValueError("PDQ hash is not hexadecimal") from None
        return text.lower()
    if kind is HashType.PHOTODNA:
        return _photodna(text)
    return parse_digest(kind.value, text).hex()


def classification_of(text: str) -> Classification | None:
    """A classification written in a file ('' means the list's own), or ValueError."""
    text = text.strip()
    if not text:
        return None
    for member in Classification:
        if text.lower() == member.value.lower():
            return member
    raise ValueError(f"unknown classification {text!r}; use one of {', '.join(Classification)}")


def _photodna(text: str) -> str:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("PhotoDNA hash is not valid base64") from None
    if len(raw) != PHOTODNA_BYTES:
        raise ValueError(f"a PhotoDNA hash is {PHOTODNA_BYTES} bytes, not {len(raw)}")
    return base64.b64encode(raw).decode("ascii")


def decode_text(data: bytes) -> str:
    """The file as text, or ListUnreadable saying why."""
    if len(data) > MAX_LIST_BYTES:
        raise ListUnreadable(f"the file is larger than {MAX_LIST_BYTES // 2**20} MiB; split it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListUnreadable(f"line {line} is not valid UTF-8; save the file as UTF-8") from None
