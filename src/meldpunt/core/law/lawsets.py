"""A law set: the shipped rule files, a hotline's own laid over them, all checked at load."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from meldpunt.core.law.checking import Problem, check, check_together
from meldpunt.core.law.evaluation import Law
from meldpunt.core.law.parsing import load_rule_file
from meldpunt.core.law.rulefile import BASELINE, LawError, RuleFile, RuleFileError

SHOW_PROBLEMS = 5  # in an exception's message; `meldpunt law check` prints them all


class RulesRefused(LawError):
    """The rule files leave combinations undecided or contradict themselves or each other."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = "\n".join(f"  {problem}" for problem in problems[:SHOW_PROBLEMS])
        more = len(problems) - SHOW_PROBLEMS
        tail = f"\n  ... and {more} more (see: meldpunt law check DIR)" if more > 0 else ""
        super().__init__(f"the rules are refused, {len(problems)} problems:\n{shown}{tail}")
        self.problems = problems


def shipped_texts() -> list[tuple[str, str]]:
    """(name, text) of each rule file that ships in the package, in name order."""
    folder = resources.files(__package__).joinpath("rules")
    return [
        (f"rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".toml")
    ]


def shipped_rule_files() -> list[RuleFile]:
    """The rule files that ship in the package (baseline, NL, BE, UK, US)."""
    return [load_rule_file(text, name) for name, text in shipped_texts()]


@functools.cache
def shipped_law() -> Law:
    """The law as shipped, checked (read once per process: the package files do not change)."""
    return assemble(shipped_rule_files())


def law_from(directory: Path) -> Law:
    """The shipped law with a hotline's own rule files (every *.toml in `directory`) laid over
    it by jurisdiction code: a file adds a jurisdiction or replaces the shipped one."""
    return assemble(lay_over(shipped_rule_files(), read_rule_directory(directory)))


def read_rule_directory(directory: Path) -> list[RuleFile]:
    """Every *.toml in `directory`, in name order; the first bad file raises RuleFileError."""
    if not directory.is_dir():
        raise LawError(f"{directory}: not a directory of rule files")
    return [read_rule_path(path) for path in sorted(directory.glob("*.toml"))]


def read_rule_path(path: Path) -> RuleFile:
    """One rule file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(str(path), 1, f"cannot be read: {error}") from None
    return load_rule_file(text, str(path))


def lay_over(shipped: Iterable[RuleFile], own: Iterable[RuleFile]) -> list[RuleFile]:
    """`own` files replace shipped ones of the same jurisdiction, or add to them."""
    by_code = {rule_file.jurisdiction: rule_file for rule_file in shipped}
    replaced = dict(by_code)
    seen: dict[str, RuleFile] = {}
    for rule_file in own:
        code = rule_file.jurisdiction
        if code in seen:
            raise RuleFileError(
                rule_file.name,
                rule_file.jurisdiction_line,
                f"jurisdiction {code} is also given by {seen[code].name}; keep one file per "
                "jurisdiction",
            )
        _refuse_reused_version(rule_file, by_code.get(code))
        seen[code] = replaced[code] = rule_file
    return list(replaced.values())


def assemble(files: Iterable[RuleFile]) -> Law:
    """A Law from exactly one baseline file and one file per jurisdiction, each checked over
    the whole fact space, and checked against each other; RulesRefused if any problem."""
    files = list(files)
    baselines = [rule_file for rule_file in files if rule_file.is_baseline]
    if len(baselines) != 1:
        names = ", ".join(rule_file.name for rule_file in baselines) or "none"
        raise LawError(f"a law needs exactly one {BASELINE!r} rule file; found {names}")
    jurisdictions = {f.jurisdiction: f for f in files if not f.is_baseline}
    if len(jurisdictions) != len(files) - 1:
        codes = sorted(f.jurisdiction for f in files if not f.is_baseline)
        twice = sorted({code for code in codes if codes.count(code) > 1})
        raise LawError(f"a law takes one rule file per jurisdiction; twice: {', '.join(twice)}")
    problems = [problem for rule_file in files for problem in check(rule_file)]
    if not problems:
        problems = check_together(baselines[0], list(jurisdictions.values()))
    if problems:
        raise RulesRefused(problems)
    return Law(baselines[0], jurisdictions)


def _refuse_reused_version(rule_file: RuleFile, shipped: RuleFile | None) -> None:
    # Every verdict records the version that made it; two different texts under one version
    # would make those records ambiguous.
    if shipped is None or shipped.digest == rule_file.digest:
        return
    if shipped.version == rule_file.version:
        raise RuleFileError(
            rule_file.name,
            rule_file.version_line,
            f"version {rule_file.version} is the shipped {rule_file.jurisdiction} rules' "
            "version; give a changed file a version of its own",
        )
