"""`meldpunt items [--report RECEIPT] [--json]`: where every item stands, for operators."""

from __future__ import annotations

import json

import click

from meldpunt.cli.setup import migrate, start_django


@click.command(name="items")
@click.option(
    "--report", "receipt_code", help="Only this report's items and the media found on them."
)
@click.option(
    "--json", "as_json", is_flag=True, help="A JSON list with hashes, matches and hosting facts."
)
def items(receipt_code: str | None, as_json: bool) -> None:
    """List captured items: state, hashes, match provenance and hosting facts; never content."""
    start_django()
    migrate()
    from meldpunt.capture.queries import captures_for, item_facts
    from meldpunt.intake.models import Report

    if receipt_code and not Report.objects.filter(receipt_code=receipt_code).exists():
        raise click.ClickException(f"No report has receipt code {receipt_code!r}.")
    facts = [item_facts(capture) for capture in captures_for(receipt_code)]
    if as_json:
        click.echo(json.dumps(facts, indent=1))
        return
    for fact in facts:
        hosting = fact["hosting"] or {}
        matched = ", ".join(
            f"{m['list']} ({m['outcome']}, {m['hash']} {m['distance']})" for m in fact["matches"]
        )
        click.echo(
            f"#{fact['item']:<6} {fact['state']:<20} {fact['kind'] or '-':<6} "
            f"{hosting.get('provider') or '-':<24} {hosting.get('country') or '-':<3} "
            f"{fact['url']}"
            + (f"  matches: {matched}" if matched else "")
            + (f"  error: {fact['error']}" if fact["error"] else "")
        )
    if not facts:
        click.echo("No items yet.")
