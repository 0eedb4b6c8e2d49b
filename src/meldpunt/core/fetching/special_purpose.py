"""The IANA IPv4 and IPv6 Special-Purpose Address Registries, read from the CSV files beside us.

The files keep the registry's own CSV form, so a new revision can be compared row by row (or
pasted in) and reviewed as data; a header of `# key: value` lines names the registry, its source
and the date of the revision.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

REGISTRY_FILES = {4: "iana-ipv4-special-registry.csv", 6: "iana-ipv6-special-registry.csv"}
COLUMNS = ("Address Block", "Name", "RFC", "Termination Date", "Globally Reachable")
HEADER_KEYS = ("registry", "source", "updated")
_FOOTNOTE = re.compile(r"\s*\[\d+\]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Reachability(StrEnum):
    """The registry's "Globally Reachable" column."""

    REACHABLE = "True"
    NOT_REACHABLE = "False"
    UNDEFINED = "N/A"  # "N/A" (Teredo, 6to4), or blank on a terminated allocation


@dataclass(frozen=True)
class SpecialBlock:
    """One address block of a registry row (a row may list several)."""

    network: IPNetwork
    name: str
    rfc: str
    reachability: Reachability
    terminated: str  # the termination date, or "" while the allocation stands


@dataclass(frozen=True)
class SpecialRegistry:
    """One registry revision: where it comes from, its date and its blocks."""

    name: str
    source: str
    updated: str
    blocks: tuple[SpecialBlock, ...]


class RegistryUnreadable(ValueError):
    """A registry file that cannot be trusted; the message names the file and the row."""


@cache
def registry(version: int) -> SpecialRegistry:
    """The shipped registry for IPv4 (4) or IPv6 (6)."""
    name = REGISTRY_FILES[version]
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return read_registry(text, version, name)


def read_registry(text: str, version: int, origin: str) -> SpecialRegistry:
    """Parse one registry file; RegistryUnreadable says what is wrong and where."""
    lines = text.splitlines(keepends=True)  # the registry's own CSV has cells over two lines
    header = _header(lines, origin)
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    missing = [column for column in COLUMNS if column not in (rows.fieldnames or ())]
    if missing:
        raise RegistryUnreadable(f"{origin}: missing columns {', '.join(missing)}")
    blocks = tuple(
        block
        for number, row in enumerate(rows, 1)
        for block in _blocks(row, version, f"{origin}, row {number}")
    )
    if not blocks:
        raise RegistryUnreadable(f"{origin}: no address blocks")
    return SpecialRegistry(header["registry"], header["source"], header["updated"], blocks)


def _header(lines: list[str], origin: str) -> dict[str, str]:
    entries = (line.lstrip("# ").partition(":") for line in lines if line.startswith("#"))
    header = {key.strip(): value.strip() for key, _, value in entries if key.strip() in HEADER_KEYS}
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        raise RegistryUnreadable(f"{origin}: header lines missing: {', '.join(missing)}")
    if not _DATE.fullmatch(header["updated"]):
        raise RegistryUnreadable(f"{origin}: 'updated' must be a date like 2025-10-09")
    return header


def _blocks(row: dict[str, str], version: int, where: str) -> list[SpecialBlock]:
    reachable = _FOOTNOTE.sub("", row["Globally Reachable"] or "").strip() or "N/A"
    try:
        reachability = Reachability(reachable)
        networks = [
            ipaddress.ip_network(cell.strip())
            for cell in _FOOTNOTE.sub("", row["Address Block"] or "").split(",")
        ]
    except ValueError as error:
        raise RegistryUnreadable(f"{where}: {error}") from None
    if any(network.version != version for network in networks):
        raise RegistryUnreadable(f"{where}: not an IPv{version} block")
    name, rfc = (" ".join((row[column] or "").split()) for column in ("Name", "RFC"))
    if not name:
        raise RegistryUnreadable(f"{where}: the block has no name")
    termination = (row["Termination Date"] or "").strip()
    terminated = "" if termination in ("", "N/A") else termination
    return [SpecialBlock(network, name, rfc, reachability, terminated) for network in networks]
