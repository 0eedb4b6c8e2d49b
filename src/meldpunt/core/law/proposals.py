"""A hotline's proposed rule file, reviewed against the law in force: what it changes (a
unified diff), the version it would get, and whether the whole law still holds with it."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from meldpunt.core.law.evaluation import Law
from meldpunt.core.law.lawsets import RulesRefused, assemble, lay_over, shipped_texts
from meldpunt.core.law.parsing import load_rule_file
from meldpunt.core.law.rulefile import LawError, RuleFile, RuleFileError

NEW_FILE = "/dev/null"  # what a new jurisdiction's file is compared with, as diff(1) says it


def local_version(declared: str, sequence: int) -> str:
    """The version verdicts record for the hotline's n-th approved file of a jurisdiction: the
    file's own version and the approval's number, so no two approved texts share a version."""
    return f"{declared}+local.{sequence}"


@dataclass(frozen=True)
class Approved:
    """A hotline's rule file in force: the newest approval for its jurisdiction."""

    jurisdiction: str
    name: str
    text: str
    declared_version: str
    sequence: int  # the n of <declared>+local.<n>, counted per jurisdiction from 1

    @property
    def version(self) -> str:
        """The version its verdicts record."""
        return local_version(self.declared_version, self.sequence)

    def rule_file(self) -> RuleFile:
        """The file as the law uses it: under its local version."""
        parsed = load_rule_file(self.text, self.name)
        return dataclasses.replace(parsed, version=self.version)


@dataclass(frozen=True)
class Review:
    """What a manager sees before approving a proposed rule file."""

    name: str
    digest: str  # SHA-256 of the text reviewed: an approval names it
    jurisdiction: str  # "" when the file cannot be read
    declared_version: str  # "" when the file cannot be read
    version: str  # the version approval would give it; "" when the file cannot be read
    sequence: int  # 0 when the file cannot be read
    against: str  # the file in force it is compared with, or NEW_FILE
    diff: str  # unified, against that file; empty when the texts are the same
    problems: tuple[str, ...]  # as the checker names them; none when the whole law holds
    in_force: bool  # this very text is already the one in force

    @property
    def passed(self) -> bool:
        """Whether the law with this file laid over is sound, so it may be approved."""
        return not self.problems


def law_in_force(approved: Iterable[Approved], shipped: Sequence[RuleFile]) -> Law:
    """The shipped law with the approved files laid over it, each under its local version."""
    return assemble(lay_over(shipped, [file.rule_file() for file in approved]))


def review(
    name: str,
    text: str,
    approved: Sequence[Approved],
    shipped: Sequence[tuple[str, str]] | None = None,
) -> Review:
    """The review of one proposed file (named `name`) against the approved files in force
    (newest per jurisdiction) and the shipped (name, text) pairs."""
    shipped = shipped_texts() if shipped is None else shipped
    digest = hashlib.sha256(text.encode()).hexdigest()
    try:
        proposed = load_rule_file(text, name)
    except RuleFileError as error:
        current = _in_force_named(name, approved, shipped)
        diff = _diff(current, name, "", text)
        return Review(name, digest, "", "", "", 0, current[0], diff, (str(error),), False)
    previous = next((a for a in approved if a.jurisdiction == proposed.jurisdiction), None)
    sequence = previous.sequence + 1 if previous else 1
    version = local_version(proposed.version, sequence)
    current = _in_force_for(proposed.jurisdiction, previous, shipped)
    return Review(
        name=name,
        digest=digest,
        jurisdiction=proposed.jurisdiction,
        declared_version=proposed.version,
        version=version,
        sequence=sequence,
        against=current[0],
        diff=_diff(current, name, version, text),
        problems=_problems(proposed, approved, shipped),
        in_force=current[2] == text,
    )


# (name, version, text) of the file in force a proposal is compared with
_Current = tuple[str, str, str]


def _in_force_for(
    jurisdiction: str, previous: Approved | None, shipped: Sequence[tuple[str, str]]
) -> _Current:
    if previous is not None:
        return previous.name, previous.version, previous.text
    for name, text in shipped:
        rule_file = load_rule_file(text, name)
        if rule_file.jurisdiction == jurisdiction:
            return name, rule_file.version, text
    return NEW_FILE, "", ""


def _in_force_named(
    name: str, approved: Sequence[Approved], shipped: Sequence[tuple[str, str]]
) -> _Current:
    """For a file that cannot be read: the file in force of the same name, if any."""
    for file in approved:
        if file.name == name:
            return file.name, file.version, file.text
    for shipped_name, text in shipped:
        if shipped_name.rsplit("/", 1)[-1] == name:
            return shipped_name, load_rule_file(text, shipped_name).version, text
    return NEW_FILE, "", ""


def _diff(current: _Current, name: str, version: str, text: str) -> str:
    old_name, old_version, old_text = current
    lines = difflib.unified_diff(
        old_text.splitlines(),
        text.splitlines(),
        fromfile=old_name,
        tofile=name,
        fromfiledate=old_version,
        tofiledate=version,
        lineterm="",
    )
    return "\n".join(lines)


def _problems(
    proposed: RuleFile, approved: Sequence[Approved], shipped: Sequence[tuple[str, str]]
) -> tuple[str, ...]:
    """The whole law's problems with `proposed` in place of its jurisdiction's file in force."""
    try:
        others = [
            file.rule_file() for file in approved if file.jurisdiction != proposed.jurisdiction
        ]
        shipped_files = [load_rule_file(text, shipped_name) for shipped_name, text in shipped]
        assemble(lay_over(shipped_files, [*others, proposed]))
    except RulesRefused as refused:
        return tuple(str(problem) for problem in refused.problems)
    except LawError as error:
        return (str(error),)
    return ()


def unreadable(name: str, digest: str, problem: str) -> Review:
    """The review of a file that is not text at all (not UTF-8, too large, gone)."""
    return Review(name, digest, "", "", "", 0, NEW_FILE, "", (f"{name}:1: {problem}",), False)
