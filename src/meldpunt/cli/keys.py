"""`meldpunt keys rotate`: a new master key for the content store, every object rewrapped."""

from __future__ import annotations

import sys

import click

from meldpunt.cli.setup import migrate, start_django


@click.group(name="keys")
def keys() -> None:
    """Manage the content store's master keys."""


@keys.command(name="rotate")
def rotate() -> None:
    """Make a new master key, rewrap every object key with it, and retire unused old keys."""
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.bootstrap import parts
    from meldpunt.vault.services import objects_to_rewrap, rotate_content_key

    store = parts().content_store
    with click.progressbar(
        length=objects_to_rewrap(store), label="Rewrapping object keys", file=sys.stderr
    ) as bar:
        report = rotate_content_key(store, Actor.system(), progress=bar.update)
    click.echo(
        f"New content key {report.new_key_id}: {report.rewrapped} objects rewrapped, "
        f"{len(report.retired)} old keys retired."
    )
    if report.damaged:
        click.echo(
            f"{len(report.damaged)} objects have key records that do not open and were left "
            "as they are (a write cut short by a crash leaves such orphans; the nightly "
            "sweep removes those nothing refers to). First: " + ", ".join(report.damaged[:5]),
            err=True,
        )
