"""Reports from a CSV file: one report per checked line, all taken in as one unit."""

from __future__ import annotations

from collections.abc import Sequence

from meldpunt.audit.services import Actor
from meldpunt.core.csv_reports import CsvRow
from meldpunt.core.reports import DraftUrl, ReportDraft
from meldpunt.intake import services
from meldpunt.intake.models import Channel


def take_csv_rows(rows: Sequence[CsvRow], filename: str, actor: Actor) -> services.TakenReports:
    """Store every row as a report, or none; a row without a source is the file's. The counts
    are those of this import's own rows, whatever else arrives meanwhile."""
    drafts = [
        ReportDraft(
            urls=(DraftUrl(row.line_no, row.url, row.referer),),
            medium=row.medium,
            source=row.source or filename,
            reference=row.reference,
        )
        for row in rows
    ]
    return services.take_reports(drafts, channel=Channel.CSV, actor=actor)
