"""`meldpunt import-reports FILE.csv`: all lines or none."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from meldpunt.cli.setup import migrate, start_django

if TYPE_CHECKING:
    from meldpunt.core.csv_reports import CsvProblem, CsvRow


@click.command(name="import-reports")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--max-problems", default=200, show_default=True, help="Problem lines to list.")
def import_reports(file: Path, max_problems: int) -> None:
    """Import url;referer;reference;source;type lines as reports."""
    from meldpunt.core.csv_reports import MAX_FILE_BYTES, CsvUnreadable, read_report_csv

    if file.stat().st_size > MAX_FILE_BYTES:
        raise click.ClickException(
            f"{file} is larger than {MAX_FILE_BYTES // 2**20} MiB; split it."
        )
    start_django()  # first: it wires in the operator's suffix list, which reading uses
    try:
        reading = read_report_csv(file.read_bytes())
    except CsvUnreadable as error:
        raise click.ClickException(f"Nothing was imported: {error}.") from None
    if reading.problems:
        _report_problems(reading.problems, max_problems)
    migrate()
    _apply(reading.rows, file.name)


def _report_problems(problems: list[CsvProblem], limit: int) -> None:
    for problem in problems[:limit]:
        click.echo(f"line {problem.line_no}: {problem.message}", err=True)
    if len(problems) > limit:
        click.echo(f"... and {len(problems) - limit} more problem lines.", err=True)
    raise click.ClickException(
        f"Nothing was imported: {len(problems)} lines have problems. Fix them and run again."
    )


def _apply(rows: list[CsvRow], filename: str) -> None:
    from meldpunt.audit.services import Actor
    from meldpunt.core.reports import DraftUrl, ReportDraft
    from meldpunt.intake.models import Channel, Item
    from meldpunt.intake.services import take_reports

    drafts = [
        ReportDraft(
            urls=(DraftUrl(row.line_no, row.url, row.referer),),
            medium=row.medium,
            source=row.source or filename,
            reference=row.reference,
        )
        for row in rows
    ]
    items_before = Item.objects.count()
    with click.progressbar(length=len(drafts), label="Importing", file=sys.stderr) as bar:
        take_reports(drafts, channel=Channel.CSV, actor=Actor.system(), progress=bar.update)
    new_items = Item.objects.count() - items_before
    click.echo(
        f"Imported {len(drafts)} reports: {new_items} new items, "
        f"{len(drafts) - new_items} joined existing cases."
    )
