"""`meldpunt case show ITEM_OR_RECEIPT [--json]`: a case's state, content, group, verdicts,
hosting history and timeline (hashes and facts, never content)."""

from __future__ import annotations

import json
from typing import Any

import click

from meldpunt.cli.setup import migrate, start_django


@click.group(name="case")
def case() -> None:
    """Look at cases."""


@case.command(name="show")
@click.argument("reference", metavar="ITEM_OR_RECEIPT")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per case, in a list.")
def show(reference: str, as_json: bool) -> None:
    """Show the case of an item (12 or #12) or the cases of a report (its receipt code)."""
    start_django()
    migrate()
    from meldpunt.cases.queries import case_facts, cases_named

    found = [case_facts(c) for c in cases_named(reference)]
    if not found:
        raise click.ClickException(f"No item or receipt code {reference!r} is known.")
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for n, facts in enumerate(found):
        if n:
            click.echo("")
        _print(facts)


def _print(facts: dict[str, Any]) -> None:
    click.echo(f"Item #{facts['item']}  {facts['url']}")
    click.echo(f"  state     {facts['state'].replace('_', ' ')} (opened {facts['opened_at']})")
    content = facts["content"]
    if content:
        group = content["group"]
        grouped = (
            f"group {group['id']} ({group['size']}, spread {group['spread']})"
            if group
            else "no group"
        )
        click.echo(
            f"  content   {content['id']} sha256 {content['sha256']} {content['kind']}, {grouped}"
        )
    for v in facts["verdicts"]:
        click.echo(
            f"  verdict   {v['jurisdiction']}: {v['legality']} (baseline {v['baseline']}, "
            f"{v['classification']}) from {v['source']}, rules {v['rule_version']}"
        )
    for h in facts["hosting"]:
        mark = "*" if h["current"] else " "
        click.echo(
            f"  hosting {mark} {h['traced_at']} {h['country'] or '-'} {h['provider'] or '-'} "
            f"{', '.join(h['addresses']) or '-'}"
        )
    for e in facts["timeline"]:
        click.echo(f"  {e['at']}  {e['event']:<12} {e['actor']}")
