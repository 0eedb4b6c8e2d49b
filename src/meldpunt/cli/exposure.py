"""`meldpunt exposure-policy`: how long analysts may view content, which the server enforces."""

from __future__ import annotations

from datetime import datetime, time

import click

from meldpunt.cli.setup import migrate, start_django

MINUTES = click.IntRange(min=1, max=24 * 60)


def _cut_off(text: str | None) -> time | str | None:
    if text is None:
        return "unchanged"
    if text.strip().lower() in ("none", "off", ""):
        return None
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is no time of day; write it as HH:MM, or 'none'"
        ) from None


@click.command(name="exposure-policy")
@click.option("--daily-minutes", type=MINUTES, help="Viewing allowed per analyst per day.")
@click.option("--session-minutes", type=MINUTES, help="Continuous viewing before a break.")
@click.option("--break-minutes", type=MINUTES, help="The compulsory break's length.")
@click.option(
    "--no-viewing-after", metavar="HH:MM", help="No viewing after this time; 'none' lifts it."
)
@click.option("--reveal-minutes", type=MINUTES, help="How long a reveal counts without activity.")
def exposure_policy(
    daily_minutes: int | None,
    session_minutes: int | None,
    break_minutes: int | None,
    no_viewing_after: str | None,
    reveal_minutes: int | None,
) -> None:
    """Show the exposure policy, or change the values given (all checked together)."""
    cut_off = _cut_off(no_viewing_after)
    start_django()
    migrate()
    from meldpunt.assess.exposure import current_policy, set_policy
    from meldpunt.audit.services import Actor
    from meldpunt.core.exposure.policy import PolicyInvalid

    changes: dict[str, object] = {
        name: value
        for name, value in (
            ("daily_minutes", daily_minutes),
            ("session_minutes", session_minutes),
            ("break_minutes", break_minutes),
            ("reveal_minutes", reveal_minutes),
        )
        if value is not None
    }
    if cut_off != "unchanged":
        changes["no_viewing_after"] = cut_off
    try:
        policy = set_policy(changes, Actor.system()) if changes else current_policy()
    except PolicyInvalid as refused:
        raise click.ClickException(f"The policy was not changed: {refused}.") from None
    if changes:
        click.echo("The exposure policy is changed; it holds from the next reveal on.")
    cut = policy.no_viewing_after.strftime("%H:%M") if policy.no_viewing_after else "none"
    click.echo(f"  daily limit        {policy.daily_minutes} minutes")
    click.echo(f"  continuous viewing {policy.session_minutes} minutes, then a break")
    click.echo(f"  break              {policy.break_minutes} minutes")
    click.echo(f"  no viewing after   {cut}")
    click.echo(f"  a reveal counts    {policy.reveal_minutes} minutes without activity")
