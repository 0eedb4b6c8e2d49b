"""`meldpunt import-reports FILE.csv`: every line checked first, then all written at once."""

from __future__ import annotations

import time
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
    started = time.monotonic()
    try:
        reading = read_report_csv(file.read_bytes())
    except CsvUnreadable as error:
        raise click.ClickException(f"Nothing was imported: {error}.") from None
    if reading.problems:
        _report_problems(reading.problems, max_problems)
    checking = time.monotonic() - started
    migrate()
    _apply(reading.rows, file.name, checking)


def _report_problems(problems: list[CsvProblem], limit: int) -> None:
    for problem in problems[:limit]:
        click.echo(f"line {problem.line_no}: {problem.message}", err=True)
    if len(problems) > limit:
        click.echo(f"... and {len(problems) - limit} more problem lines.", err=True)
    raise click.ClickException(
        f"Nothing was imported: {len(problems)} lines have problems. Fix them and run again."
    )


def _apply(rows: list[CsvRow], filename: str, checking: float) -> None:
    from meldpunt.audit.services import Actor
    from meldpunt.intake.csv_intake import take_csv_rows

    started = time.monotonic()
    click.echo(f"Checked {len(rows)} lines in {checking:.1f} s; writing them.", err=True)
    taken = take_csv_rows(rows, filename, Actor.system())
    seconds = checking + time.monotonic() - started
    click.echo(
        f"Imported {len(taken.report_ids)} reports: {taken.new_items} new items, "
        f"{taken.joined_existing} joined existing cases."
    )
    click.echo(
        f"{len(rows) / seconds:,.0f} rows a second: checked and written in {seconds:.1f} s, "
        f"in one transaction of {taken.write_seconds:.2f} s."
    )
