"""`meldpunt suffixes`: which Public Suffix List is in use, and updating it from a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from meldpunt.cli.setup import migrate, start_django

if TYPE_CHECKING:
    from meldpunt.core.public_suffixes import SuffixList, SuffixStore


@click.group(name="suffixes")
def suffixes() -> None:
    """The Public Suffix List that decides registrable domains."""


@suffixes.command(name="show")
def show() -> None:
    """Say which list is in use, its version, size and digest, and the bundled one's."""
    store = _store()
    from meldpunt.core.public_suffixes import SuffixListInvalid, bundled_list

    bundled = bundled_list()
    try:
        stored = store.stored()
    except SuffixListInvalid as error:
        click.echo(f"The list at {store.path} is unusable ({error}); the bundled one is used.")
        stored = None
    in_use = stored or bundled
    click.echo(f"In use: {_describe(in_use)}")
    if stored is not None:
        click.echo(f"Bundled: {_describe(bundled)}")
        if bundled.is_newer_than(stored):
            click.echo(
                "The bundled list is newer than the operator's list; run `meldpunt suffixes "
                "reset` to use it, or update from a newer file.",
                err=True,
            )


@suffixes.command(name="update")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--allow-older", is_flag=True, help="Install a list older than the one in use.")
def update(file: Path, allow_older: bool) -> None:
    """Check FILE (public_suffix_list.dat) and use it from now on instead of the bundled list."""
    store = _store()
    from meldpunt.core.public_suffixes import MAX_LIST_BYTES, SuffixList, SuffixListInvalid

    if file.stat().st_size > MAX_LIST_BYTES:
        raise click.ClickException(f"{file} is larger than {MAX_LIST_BYTES // 2**20} MiB.")
    data = file.read_bytes()
    try:
        offered = SuffixList(data, str(file))
    except SuffixListInvalid as error:
        raise click.ClickException(
            f"Nothing was changed: {file} is not a suffix list: {error}."
        ) from None
    in_use = store.load()
    if in_use.is_newer_than(offered) and not allow_older:
        raise click.ClickException(
            f"Nothing was changed: {file} is version {offered.facts.version}, older than the "
            f"list in use ({in_use.facts.version}). Use --allow-older to install it anyway."
        )
    installed = store.install(data)
    _audit("suffixes.updated", installed)
    click.echo(f"Installed {_describe(installed)}")
    click.echo(_RESTART)


@suffixes.command(name="reset")
def reset() -> None:
    """Remove the operator's list and go back to the bundled one."""
    store = _store()
    from meldpunt.core.public_suffixes import bundled_list

    if not store.remove():
        click.echo(f"No operator's list at {store.path}; the bundled list is in use.")
        return
    _audit("suffixes.reset", bundled_list())
    click.echo(f"Removed {store.path}; in use now: {_describe(bundled_list())}")
    click.echo(_RESTART)


_RESTART = (
    "Restart `meldpunt serve` and every `meldpunt worker` to use it. Items already taken in "
    "keep the registrable domain they were given."
)


def _store() -> SuffixStore:
    start_django()
    from django.conf import settings

    return settings.SUFFIXES


def _describe(suffix_list: SuffixList) -> str:
    facts = suffix_list.facts
    version = facts.version or "no VERSION line"
    return (
        f"{facts.origin}\n  version {version}, {facts.rules:,} rules, {facts.size:,} bytes, "
        f"sha256 {facts.sha256}"
    )


def _audit(action: str, suffix_list: SuffixList) -> None:
    migrate()
    from meldpunt.audit.services import Actor, record_event

    facts = suffix_list.facts
    record_event(
        Actor.system(),
        action,
        None,
        {"version": facts.version, "rules": facts.rules, "sha256": facts.sha256},
    )
