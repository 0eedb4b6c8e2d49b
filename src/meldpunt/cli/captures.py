"""`meldpunt captures retry [ITEM...|--failed]`: fresh attempts at failed captures;
`meldpunt captures recheck ITEM...`: capture addresses again."""

from __future__ import annotations

import re
import sys

import click

from meldpunt.cli.setup import migrate, start_django


@click.group(name="captures")
def captures() -> None:
    """Work on captures: retry failed ones, re-check captured ones."""


class ItemNumber(click.ParamType):
    """An item number, written 12 or #12 (as `meldpunt items` prints it)."""

    name = "item"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        text = str(value).strip().removeprefix("#")
        if not re.fullmatch(r"[0-9]{1,18}", text) or int(text) == 0:  # ASCII digits only
            self.fail(f"{value!r} is not an item number such as 12 or #12", param, ctx)
        return int(text)


@captures.command(name="retry")
@click.argument("items", nargs=-1, type=ItemNumber(), metavar="[ITEM]...")
@click.option("--failed", "every_failed", is_flag=True, help="Retry every failed capture.")
def retry(items: tuple[int, ...], every_failed: bool) -> None:
    """Queue failed captures for a fresh attempt, their attempts counted from zero. ITEM is an
    item number as `meldpunt items` prints it; nothing is retried if any of them has not
    failed."""
    if bool(items) == every_failed:
        raise click.UsageError("Name the items to retry, or give --failed (not both).")
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.capture.retries import RetryReason, failed_captures, retry_captures

    chosen = _failed_of(items) if items else list(failed_captures().values_list("pk", flat=True))
    if not chosen:
        click.echo("No capture has failed; nothing to retry.")
        return
    with click.progressbar(length=len(chosen), label="Retrying", file=sys.stderr) as bar:
        retried = retry_captures(chosen, Actor.system(), RetryReason.REQUESTED, bar.update)
    click.echo(f"Queued {len(retried)} failed captures for a fresh attempt.")
    if len(retried) < len(chosen):
        click.echo(f"{len(chosen) - len(retried)} others had started again meanwhile.")


def _failed_of(items: tuple[int, ...]) -> list[int]:
    """The captures of these items, all failed; else every problem named, and nothing done."""
    from meldpunt.capture.models import Capture, Purpose
    from meldpunt.capture.states import FAILED

    chosen = Capture.objects.filter(item_id__in=items, purpose=Purpose.FIRST)
    found = {item: (pk, state) for item, pk, state in chosen.values_list("item_id", "pk", "state")}
    problems = [
        f"there is no item {item}"
        if item not in found
        else f"item {item} has not failed (it is {found[item][1].replace('_', ' ')})"
        for item in dict.fromkeys(items)
        if item not in found or found[item][1] not in FAILED
    ]
    if problems:
        raise click.ClickException("Nothing was retried: " + "; ".join(problems) + ".")
    return [found[item][0] for item in dict.fromkeys(items)]


@captures.command(name="recheck")
@click.argument("items", nargs=-1, required=True, type=ItemNumber(), metavar="ITEM...")
def recheck(items: tuple[int, ...]) -> None:
    """Capture these items again, each as a new capture beside the earlier ones, to see
    whether what they serve changed, moved or went. Unchanged bytes are not stored again."""
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.cases.rechecks import RecheckRefused, recheck

    try:
        queued = recheck(list(items), Actor.system())
    except RecheckRefused as refused:
        raise click.ClickException(f"Nothing was queued: {refused}.") from None
    click.echo(f"Queued {len(queued)} re-checks.")
    if len(queued) < len(set(items)):
        click.echo(f"{len(set(items)) - len(queued)} others are being captured already.")
