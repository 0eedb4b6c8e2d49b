"""`meldpunt lists create|import|export|show`: hash lists from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meldpunt.cli.setup import migrate, start_django
from meldpunt.core.hashlists.entries import MAX_LIST_BYTES, Classification, ListKind
from meldpunt.core.hashlists.formats import (
    BARE_SIGNAL_TYPES,
    FORMATS,
    ListFormat,
    bare_signals,
    format_for,
)

if TYPE_CHECKING:  # Django is loaded only once a command runs
    from django.core.exceptions import ValidationError

    from meldpunt.lists.models import HashList
    from meldpunt.lists.queries import ListSummary, UnknownLists

FORMAT_CHOICE = click.Choice(sorted(FORMATS))


@click.group(name="lists")
def lists() -> None:
    """Create, import, export and show hash lists."""


@lists.command(name="create")
@click.argument("name")
@click.option("--kind", type=click.Choice([k.value for k in ListKind]), required=True)
@click.option(
    "--classification",
    type=click.Choice([c.value for c in Classification]),
    help="Required for positive lists: what a match means.",
)
@click.option("--source", default="", help="Who supplies the list, e.g. a police unit.")
@click.option(
    "--trust", type=click.Choice(["high", "medium", "low"]), default="medium", show_default=True
)
@click.option(
    "--threshold",
    type=click.IntRange(0, 64),
    default=31,
    show_default=True,
    help="PDQ match distance in bits.",
)
def create(
    name: str, kind: str, classification: str | None, source: str, trust: str, threshold: int
) -> None:
    """Create an empty list."""
    _ready()
    from django.core.exceptions import ValidationError

    from meldpunt.audit.services import Actor
    from meldpunt.lists.services import create_list

    try:
        create_list(
            name,
            ListKind(kind),
            Actor.system(),
            source=source,
            trust=trust,
            threshold=threshold,
            classification=Classification(classification) if classification else None,
        )
    except ValidationError as error:
        raise click.ClickException(f"The list was not created: {_explain(error)}") from None
    click.echo(f"Created {kind} list {name!r} (threshold {threshold}).")


@lists.command(name="import")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=FORMAT_CHOICE,
    help="Default: vics for .json, csv for .csv, else threatexchange.",
)
@click.option(
    "--signal-type",
    type=click.Choice(BARE_SIGNAL_TYPES),
    help="The file holds bare hashes of this ThreatExchange signal type, one a line.",
)
@click.option("--max-problems", default=200, show_default=True, help="Problem lines to list.")
def import_command(
    name: str, file: Path, format_name: str | None, signal_type: str | None, max_problems: int
) -> None:
    """Add a file's entries to a list: all of them, or none if any line or record is bad."""
    if file.stat().st_size > MAX_LIST_BYTES:
        raise click.ClickException(
            f"{file} is larger than {MAX_LIST_BYTES // 2**20} MiB; split it."
        )
    list_format = _format(file, format_name, signal_type)
    _ready()
    from meldpunt.audit.services import Actor
    from meldpunt.lists.services import ListImportRejected, import_entries

    hash_list = _list_named(name)
    try:
        with click.progressbar(
            length=0, label=f"Importing {list_format.name}", file=sys.stderr
        ) as bar:
            summary = import_entries(
                hash_list, list_format, file.read_bytes(), Actor.system(), bar.update
            )
    except ListImportRejected as rejected:
        for problem in rejected.problems[:max_problems]:
            click.echo(str(problem), err=True)
        if len(rejected.problems) > max_problems:
            click.echo(f"... and {len(rejected.problems) - max_problems} more.", err=True)
        raise click.ClickException(
            f"Nothing was imported: {rejected}. Fix the file and run again."
        ) from None
    click.echo(
        f"Imported into {name!r}: {summary.added} new entries, "
        f"{summary.already_listed} already listed."
    )
    for skipped in summary.skipped:
        unit = summary.unit if skipped.count == 1 else f"{summary.unit}s"
        click.echo(f"Skipped {skipped.count} {unit}: {skipped.reason}.")


def _format(file: Path, format_name: str | None, signal_type: str | None) -> ListFormat:
    """The format asked for, or guessed from the file name; bare hashes are ThreatExchange."""
    if signal_type is None:
        return FORMATS[format_name] if format_name else format_for(file.name)
    if format_name not in (None, "threatexchange"):
        raise click.UsageError("--signal-type reads ThreatExchange files; leave out --format.")
    return bare_signals(signal_type)


@lists.command(name="export")
@click.argument("name")
@click.option("--format", "format_name", type=FORMAT_CHOICE, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
def export_command(name: str, format_name: str, output: Path | None) -> None:
    """Write a list in one of the three formats."""
    _ready()
    from meldpunt.lists.services import export_entries

    data, left_out = export_entries(_list_named(name), FORMATS[format_name])
    if output:
        output.write_bytes(data)
    else:
        click.echo(data.decode(), nl=False)
    if left_out:
        click.echo(
            f"{left_out} entries have no hash the {format_name} format can carry; "
            "they were left out.",
            err=True,
        )


@lists.command(name="show")
@click.argument("name", required=False)
def show(name: str | None) -> None:
    """All lists with their entry counts, or one list in detail."""
    _ready()
    from meldpunt.lists.queries import UnknownLists, list_summaries

    try:
        summaries = list_summaries(name)
    except UnknownLists as unknown:
        raise _no_such_list(unknown) from None
    if not summaries:
        click.echo("No lists yet. Create one with: meldpunt lists create NAME --kind positive ...")
    for summary in summaries:
        click.echo(_summary_line(summary))


def _summary_line(summary: ListSummary) -> str:
    kind = summary.kind
    label = f"{kind}, {summary.classification}" if summary.classification else kind
    source = f"  source: {summary.source}" if summary.source else ""
    return (
        f"{summary.name}  ({label}; threshold {summary.threshold}; trust {summary.trust}; "
        f"{summary.entries} entries){source}"
    )


def _ready() -> None:
    start_django()
    migrate()


def _list_named(name: str) -> HashList:
    from meldpunt.lists.queries import UnknownLists, list_named

    try:
        return list_named(name)
    except UnknownLists as unknown:
        raise _no_such_list(unknown) from None


def _no_such_list(unknown: UnknownLists) -> click.ClickException:
    names = ", ".join(unknown.existing) or "none yet"
    return click.ClickException(f"There is no list named {unknown.missing[0]!r} (lists: {names}).")


def _explain(error: ValidationError) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
