"""Which separator a report CSV file uses: named by its header line, or read from its lines.

Without a header the separator has to be inferred, and a web address may itself hold ";" or
",". A line counts as separated by a character only if what follows the address there reads
as the next column: the referring page (empty, or an address) or, on a full line, a known type.
A file whose lines point to two separators, or whose line cannot be told apart from an address,
is refused with the line named, rather than read the wrong way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from meldpunt.core.refang import refang
from meldpunt.core.reports import Medium

COLUMNS = ("url", "referer", "reference", "source", "type")
_MEDIUM_WORDS = {
    Medium.IMAGE: ("image", "images", "img", "photo", "picture", "foto", "afbeelding"),
    Medium.VIDEO: ("video", "videos", "movie", "film"),
    Medium.DRAWING: ("drawing", "drawn", "cartoon", "manga", "anime", "tekening"),
    Medium.COMPUTER_MADE: ("computer_made", "computer-made", "cgi", "generated", "ai"),
    Medium.TEXT: ("text", "story", "tekst", "texte"),
    Medium.AUDIO: ("audio", "sound"),
    Medium.LIVE_STREAM: ("live_stream", "live-stream", "livestream", "stream", "webcam"),
    Medium.OTHER: ("other", "unknown", "overig", "autre", ""),
}
MEDIUM_BY_WORD = {word: medium for medium, words in _MEDIUM_WORDS.items() for word in words}
SEPARATORS = (";", "\t", ",")
SEPARATOR_NAMES = {";": "';'", "\t": "a tab", ",": "','"}
# A file with one column may still hold ";" and "," inside its addresses; NUL cannot occur in
# a text file that got this far, so it serves as "no separator" for the csv module.
NO_SEPARATOR = "\x00"
_ADDRESS = re.compile(r"^(?:https?:|//|www\.)", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_HEADER = re.compile(r"^ *url *(?P<separator>[;,\t]|$)", re.IGNORECASE)


class LayoutUnclear(ValueError):
    """The file does not say, and its lines do not show, how its fields are separated."""

    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(message)
        self.line_no = line_no


@dataclass(frozen=True)
class Layout:
    """How to read the file: its separator, and the line of its header, if it has one."""

    separator: str
    header_line: int | None = None

    def is_unclear(self, record: list[str]) -> bool:
        """A line of a file without header that splits, but not into report columns."""
        return self.header_line is None and len(record) > 1 and not fits_columns(record)


def detect_layout(text: str) -> Layout:
    """The layout of a report file; LayoutUnclear if it cannot be told."""
    header = _header(text)
    if header is not None:
        return header
    shaped = {separator: list(_fitting_lines(text, separator)) for separator in SEPARATORS}
    found = [separator for separator in SEPARATORS if shaped[separator]]
    if not found:
        return Layout(NO_SEPARATOR)
    if len(found) > 1:
        raise _two_separators(found[0], shaped[found[0]][0], found[1], shaped[found[1]][0])
    return Layout(found[0])


def fits_columns(record: list[str]) -> bool:
    """Whether the fields after the address read as the report columns."""
    if not 2 <= len(record) <= len(COLUMNS) or any("\t" in cell for cell in record):
        return False  # no field holds a tab: a tab between fields makes it the separator
    referer = record[1].strip()
    looks_like_address = _ADDRESS.match(referer) or _ADDRESS.match(refang(referer))
    if not referer or (looks_like_address and not _SPACE.search(referer)):
        return True  # an address holds no space or tab: one would mean another separator
    medium = record[-1].strip().lower()
    return len(record) == len(COLUMNS) and bool(medium) and medium in MEDIUM_BY_WORD


def _header(text: str) -> Layout | None:
    """The layout a header line names, if the first line that holds anything is one."""
    for line_no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            match = _HEADER.match(line)
            if match is None:
                return None
            return Layout(match.group("separator") or NO_SEPARATOR, header_line=line_no)
    return None


def header_example(separator: str) -> str:
    """The header line to suggest for a file that uses `separator`."""
    if separator in (",", "\t"):
        return separator.join(COLUMNS).replace("\t", "<tab>")
    return ";".join(COLUMNS)


def _fitting_lines(text: str, separator: str) -> Iterator[int]:
    """The numbers of the lines that read as report columns when split at `separator`."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        for record in reader:
            if fits_columns(record):
                yield reader.line_num
    except csv.Error:
        return  # the reading proper reports it, with the separator the file turns out to use


def _two_separators(first: str, first_line: int, second: str, second_line: int) -> LayoutUnclear:
    names = SEPARATOR_NAMES[first], SEPARATOR_NAMES[second]
    advice = f"add a header line such as {header_example(first)} with the separator it uses"
    if first_line == second_line:
        return LayoutUnclear(
            first_line, f"the fields could be separated by {names[0]} or {names[1]}; {advice}"
        )
    return LayoutUnclear(
        max(first_line, second_line),
        f"line {second_line} separates its fields with {names[1]} but line {first_line} with "
        f"{names[0]}; use one separator throughout, or {advice}",
    )
