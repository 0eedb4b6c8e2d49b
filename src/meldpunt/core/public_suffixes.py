"""The Public Suffix List: which part of a host name its registrant controls."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import publicsuffixlist
from publicsuffixlist import PublicSuffixList

from meldpunt.core.atomic_files import fsync_directory, write_atomically

SECTION_MARKERS = (
    "// ===BEGIN ICANN DOMAINS===",
    "// ===END ICANN DOMAINS===",
    "// ===BEGIN PRIVATE DOMAINS===",
    "// ===END PRIVATE DOMAINS===",
)
# A list without these is not the Public Suffix List, however well formed it is.
REQUIRED_ICANN_RULES = frozenset({"com", "net", "org"})
MAX_LIST_BYTES = 16 * 1024 * 1024
_HEADER_FIELD = re.compile(r"^// (VERSION|COMMIT): (\S+)\s*$")
_LABEL = re.compile(r"^(?:\*|[^\s.*!]+)$")
_log = logging.getLogger(__name__)


class SuffixListInvalid(ValueError):
    """A file offered as the Public Suffix List is not one."""


@dataclass(frozen=True)
class SuffixListFacts:
    """Where a list came from and which one it is, for `meldpunt suffixes show`."""

    origin: str
    version: str | None
    commit: str | None
    rules: int
    size: int
    sha256: str


class SuffixList:
    """A parsed, checked Public Suffix List."""

    def __init__(self, data: bytes, origin: str) -> None:
        rules, header = _checked_rules(data)
        self.facts = SuffixListFacts(
            origin=origin,
            version=header.get("VERSION"),
            commit=header.get("COMMIT"),
            rules=len(rules),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        self._list = PublicSuffixList(rules, accept_unknown=True)

    def registrable_domain(self, host: str) -> str | None:
        """The public suffix plus one label (the PSL algorithm, unlisted TLDs included);
        None for a host that is itself a public suffix, or not a domain name at all."""
        if host.startswith(".") or ".." in host:
            return None
        return self._list.privatesuffix(host)

    def has_listed_suffix(self, host: str) -> bool:
        """Whether the host ends in a suffix the list names, rather than an unknown TLD."""
        return self._list.publicsuffix(host, accept_unknown=False) is not None

    def is_newer_than(self, other: SuffixList) -> bool:
        """True when both lists carry a VERSION and this one is later."""
        mine, theirs = self.facts.version, other.facts.version
        return bool(mine and theirs and mine > theirs)


def _checked_rules(data: bytes) -> tuple[list[str], dict[str, str]]:
    """The rule lines of a list and its header fields, or SuffixListInvalid naming the line."""
    if len(data) > MAX_LIST_BYTES:
        raise SuffixListInvalid(f"larger than {MAX_LIST_BYTES // 2**20} MiB")
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        line_no = data.count(b"\n", 0, error.start) + 1
        raise SuffixListInvalid(f"line {line_no} is not valid UTF-8") from None
    _check_sections(lines)
    rules, icann, header, section = [], set(), {}, 0
    for line_no, line in enumerate(lines, 1):
        text = line.strip()
        section += text in SECTION_MARKERS
        if field := _HEADER_FIELD.match(text):
            header[field.group(1)] = field.group(2)
        if not text or text.startswith("//"):
            continue
        rule = text.split()[0].lower()  # the list's own rule: a line is read to its first space
        _check_rule(line_no, rule)
        rules.append(rule)
        if section == 1:
            icann.add(rule)
    if missing := REQUIRED_ICANN_RULES - icann:
        raise SuffixListInvalid(f"the ICANN section lacks {', '.join(sorted(missing))}")
    return rules, header


def _check_sections(lines: list[str]) -> None:
    stripped = [line.strip() for line in lines]
    positions = []
    for marker in SECTION_MARKERS:
        if marker not in stripped:
            raise SuffixListInvalid(f"the line {marker!r} is missing (is the file cut short?)")
        positions.append(stripped.index(marker))
    if positions != sorted(positions):
        raise SuffixListInvalid("the ICANN and PRIVATE section markers are out of order")


def _check_rule(line_no: int, rule: str) -> None:
    labels = rule.removeprefix("!").split(".")
    if not all(_LABEL.match(label) for label in labels):
        raise SuffixListInvalid(f"line {line_no}: {rule[:80]!r} is not a suffix rule")
    try:
        rule.removeprefix("!").replace("*", "a").encode("idna")
    except UnicodeError:
        raise SuffixListInvalid(f"line {line_no}: {rule[:80]!r} is not a valid name") from None


@cache
def bundled_list() -> SuffixList:
    """The list shipped inside the publicsuffixlist package, released with each new list."""
    data = Path(publicsuffixlist.PSLFILE).read_bytes()
    return SuffixList(data, f"bundled with publicsuffixlist {metadata.version('publicsuffixlist')}")


class _ActiveList:
    """The list in use in this process, loaded on first use by whatever start-up wired in."""

    def __init__(self) -> None:
        self._loader: Callable[[], SuffixList] = bundled_list
        self._list: SuffixList | None = None
        self._lock = threading.Lock()

    def use(self, loader: Callable[[], SuffixList]) -> None:
        with self._lock:
            self._loader, self._list = loader, None

    def get(self) -> SuffixList:
        with self._lock:
            if self._list is None:
                self._list = self._loader()
            return self._list


_ACTIVE = _ActiveList()


def use_suffix_list(loader: Callable[[], SuffixList]) -> None:
    """Make `loader` the source of the list this process uses (called once, at start-up)."""
    _ACTIVE.use(loader)


def current_list() -> SuffixList:
    """The list in use: the bundled one unless start-up wired in another."""
    return _ACTIVE.get()


class SuffixStore:
    """The operator's copy of the list in the data directory, used in preference to the
    bundled one. It is replaced whole or not at all, and only by a list that passed checks."""

    FILENAME = "public_suffix_list.dat"

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / self.FILENAME

    def install(self, data: bytes) -> SuffixList:
        """Check `data` as a list and store it atomically; raise SuffixListInvalid if it is not."""
        checked = SuffixList(data, f"operator's list at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, data)
        return checked

    def remove(self) -> bool:
        """Go back to the bundled list; False if there was no operator's list."""
        if not self.path.exists():
            return False
        self.path.unlink()
        fsync_directory(self.path.parent)
        return True

    def stored(self) -> SuffixList | None:
        """The operator's list, or None; SuffixListInvalid if the file there is damaged."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return SuffixList(data, f"operator's list at {self.path}")

    def load(self) -> SuffixList:
        """The list to use: the operator's if there is a sound one, else the bundled one."""
        try:
            stored = self.stored()
        except SuffixListInvalid as error:
            _log.warning("Suffix list %s is unusable (%s); using the bundled one", self.path, error)
            stored = None
        return stored or bundled_list()

    def activate(self) -> None:
        """Make this store's list the one the process uses, read when first needed."""
        use_suffix_list(self.load)
