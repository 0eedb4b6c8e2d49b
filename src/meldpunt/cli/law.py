"""`meldpunt law evaluate|explain|check|pending`: facts to verdicts under the law, from rule
files; and the hotline's proposed files that wait for a manager's approval."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from meldpunt.core.law import (
    FACT_KINDS,
    Evaluation,
    Facts,
    Law,
    LawError,
    Review,
    RuleFile,
    RuleFileError,
    RulesRefused,
    assemble,
    check,
    every_combination,
    explain,
    law_from,
    lay_over,
    read_rule_path,
    shipped_law,
    shipped_rule_files,
)

FACT_HELP = {
    "age": "Apparent age band (unknown: cannot tell).",
    "realism": "Real, realistic computer-made, or drawn/cartoon.",
    "sexual": "Sexual activity, posing with a genital focus, non-sexual nudity, or none.",
    "medium": "The kind of item.",
}
COMBINATIONS = sum(1 for _ in every_combination())


def _fact_options(command: Callable[..., None]) -> Callable[..., None]:
    for fact, kind in reversed(FACT_KINDS.items()):
        choices = click.Choice([member.value for member in kind])
        option = click.option(f"--{fact}", required=True, type=choices, help=FACT_HELP[fact])
        command = option(command)
    command = click.option(
        "--shipped",
        is_flag=True,
        help="The shipped rules alone, without the hotline's approved files (no database).",
    )(command)
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Try out a directory of rule files, laid over the shipped ones (no database).",
    )(command)


@click.group(name="law")
def law() -> None:
    """Evaluate facts under the law, explain the reasoning, or check rule files.

    `evaluate` and `explain` use the law in force, as assessments do: the shipped rules with
    the files a manager approved laid over them. --shipped uses the shipped rules alone, and
    --rules DIR tries out files that are not approved."""


@law.command(name="evaluate")
@_fact_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def evaluate(rules_dir: Path | None, shipped: bool, as_json: bool, **facts: str) -> None:
    """The verdict per jurisdiction, the baseline, and the ICCAM classification."""
    evaluation = _evaluate(rules_dir, shipped, facts)
    click.echo(json.dumps(evaluation.as_record()) if as_json else _table(evaluation))


@law.command(name="explain")
@_fact_options
def explain_command(rules_dir: Path | None, shipped: bool, **facts: str) -> None:
    """The reasoning in words: which rule decided, on what source, at which version."""
    for sentence in explain(_evaluate(rules_dir, shipped, facts)):
        click.echo(sentence)


@law.command(name="check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_command(directory: Path) -> None:
    """Check every rule file in DIRECTORY alone and laid over the shipped rules."""
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise click.ClickException(f"No rule files (*.toml) in {directory}.")
    passed = [rule_file for rule_file in map(_checked_alone, paths) if rule_file]
    refused = len(paths) - len(passed)
    fits = bool(passed) and _checked_laid_over(passed, complete=not refused) is not None
    if refused:
        click.echo(f"{refused} of {len(paths)} rule files refused.", err=True)
    elif not fits:
        click.echo(
            "Each file is sound alone, but laid over the shipped rules they are refused.", err=True
        )
    if refused or not fits:
        raise SystemExit(1)


@law.command(name="pending")
def pending_command() -> None:
    """The proposed rule files that wait for approval, each with the whole law's check.

    Approving one is a manager's work on the staff pages (Law), after reading its diff."""
    from meldpunt.cli.setup import migrate, start_django

    start_django()
    migrate()
    from meldpunt.bootstrap import parts
    from meldpunt.lawbook.services import pending

    directory = parts().proposed_law_dir
    waiting = pending(directory)
    if not waiting:
        click.echo(f"No rule files wait for approval in {directory}.")
    for seen in waiting:
        click.echo(_pending_line(seen))
        for problem in seen.problems:
            click.echo(f"  {problem}")


def _pending_line(seen: Review) -> str:
    found = f"{seen.name}: "
    if seen.jurisdiction:
        found += (
            f"{seen.jurisdiction} rules version {seen.declared_version}, to be "
            f"{seen.version} (compared with {seen.against}): "
        )
    if seen.passed:
        return found + "check passed; a manager may approve it on the staff pages"
    return found + f"check failed, {len(seen.problems)} problems:"


def _evaluate(rules_dir: Path | None, shipped: bool, facts: dict[str, str]) -> Evaluation:
    if rules_dir and shipped:
        raise click.UsageError("Give --rules DIR or --shipped, not both.")
    own_country = _hotline_country()
    try:
        law = law_from(rules_dir) if rules_dir else shipped_law() if shipped else _in_force()
        return law.evaluate(Facts.of(**facts), own_country)
    except LawError as error:
        raise click.ClickException(str(error)) from None


def _in_force() -> Law:
    """The law assessments are made under (the database's approvals over the shipped rules)."""
    from meldpunt.cli.setup import migrate, start_django

    start_django()
    migrate()
    from meldpunt.bootstrap import parts

    try:
        return parts().law
    except RulesRefused as refused:
        problems = "\n".join(f"  {problem}" for problem in refused.problems)
        raise click.ClickException(
            "The approved rule files no longer fit the shipped rules, so no verdict can be "
            "made until a manager approves a corrected file (staff pages, Law):\n" + problems
        ) from None


def _hotline_country() -> str:
    from meldpunt.config import ConfigError, load_config  # pydantic: only when evaluating

    try:
        return load_config().hotline_country
    except ConfigError as error:
        raise click.ClickException(f"Meldpunt cannot start: {error}") from None


def _table(evaluation: Evaluation) -> str:
    rows = [("Jurisdiction", "Verdict", "Rule", "Version")]
    for code, d in evaluation.jurisdictions.items():
        name = f"{code} (own country)" if code == evaluation.own_country else code
        rows.append((name, d.outcome.value, d.rule_id, d.version))
    b = evaluation.baseline
    rows.append(("baseline", b.outcome.value, b.rule_id, b.version))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(
        [
            f"Facts: {evaluation.facts}",
            *(line.rstrip() for line in lines),
            f"ICCAM classification for {evaluation.own_country}: {evaluation.iccam.value}",
        ]
    )


def _checked_alone(path: Path) -> RuleFile | None:
    try:
        rule_file = read_rule_path(path)
    except RuleFileError as error:
        click.echo(str(error))
        return None
    problems = check(rule_file)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        return None
    click.echo(
        f"OK {path}: {rule_file.jurisdiction} rules version {rule_file.version}, "
        f"{len(rule_file.rules)} rules, all {COMBINATIONS} combinations decided"
    )
    return rule_file


def _checked_laid_over(own: list[RuleFile], complete: bool) -> Law | None:
    try:
        law = assemble(lay_over(shipped_rule_files(), own))
    except RulesRefused as refused:
        for problem in refused.problems:
            click.echo(str(problem))
        return None
    except LawError as error:
        click.echo(str(error))
        return None
    codes = ", ".join(sorted(law.jurisdictions))
    ours = ", ".join(sorted(rule_file.jurisdiction for rule_file in own)) or "none"
    without = "" if complete else ", leaving out the refused files"
    click.echo(
        f"OK laid over the shipped rules{without}: baseline and {codes} "
        f"(from the directory: {ours})"
    )
    return law
