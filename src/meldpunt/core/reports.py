"""What a report says: its medium and the URL lines it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from meldpunt.core.urls import NormalisedUrl, UrlRejected, normalise_url

MAX_URLS_PER_REPORT = 500
MAX_LINE_EXCERPT = 80


class Medium(StrEnum):
    """The kind of material a reporter says they saw."""

    IMAGE = "image"
    VIDEO = "video"
    DRAWING = "drawing"
    COMPUTER_MADE = "computer_made"
    TEXT = "text"
    AUDIO = "audio"
    LIVE_STREAM = "live_stream"
    OTHER = "other"


@dataclass(frozen=True)
class LineError:
    """One reported line we could not take in, and why."""

    line_no: int
    excerpt: str
    error: UrlRejected


@dataclass(frozen=True)
class UrlLines:
    """The outcome of reading pasted lines: distinct good URLs plus per-line errors."""

    accepted: list[tuple[int, NormalisedUrl]] = field(default_factory=list)
    rejected: list[LineError] = field(default_factory=list)


class TooManyUrls(ValueError):
    """More URL lines than one report may carry."""

    def __init__(self, count: int, limit: int = MAX_URLS_PER_REPORT) -> None:
        super().__init__(f"{count} lines; at most {limit} per report")
        self.count = count
        self.limit = limit


def excerpt(line: str) -> str:
    """A short, printable echo of a reporter's line for an error message."""
    printable = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in line)
    if len(printable) <= MAX_LINE_EXCERPT:
        return printable
    return printable[: MAX_LINE_EXCERPT - 1] + "\N{HORIZONTAL ELLIPSIS}"


def read_url_lines(text: str, limit: int = MAX_URLS_PER_REPORT) -> UrlLines:
    """Read one URL per line; skip blanks, drop repeats, keep an error per bad line."""
    numbered = [(no, line) for no, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(numbered) > limit:
        raise TooManyUrls(len(numbered), limit)
    result = UrlLines()
    seen: set[str] = set()
    for line_no, line in numbered:
        try:
            url = normalise_url(line)
        except UrlRejected as error:
            result.rejected.append(LineError(line_no, excerpt(line.strip()), error))
            continue
        if url.dedup_key not in seen:
            seen.add(url.dedup_key)
            result.accepted.append((line_no, url))
    return result


@dataclass(frozen=True)
class DraftUrl:
    """One address of a report, with where in the input it came from."""

    line_no: int
    url: NormalisedUrl
    referer: str = ""


@dataclass(frozen=True)
class ReportDraft:
    """A checked report, ready to be taken in by whichever channel brought it."""

    urls: tuple[DraftUrl, ...]
    medium: Medium
    found_on: str = ""
    description: str = ""
    source: str = ""
    reference: str = ""
    contact: str = ""
