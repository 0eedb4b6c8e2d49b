"""Starting Django for a command, with configuration errors told plainly."""

import os
from pathlib import Path

import click

from meldpunt.datadir import DataDirectoryInUse, ServeLock, tighten


def start_django() -> None:
    """Load settings (creating the data directory and keys) and set Django up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
    from meldpunt.config import ConfigError

    try:
        import django

        django.setup()
        from django.utils import translation

        translation.activate(
            "en"
        )  # the command line speaks English; the web pages follow the browser
    except ConfigError as error:
        raise click.ClickException(f"Meldpunt cannot start: {error}") from None


def hold_data_directory(path: Path) -> ServeLock:
    """One `meldpunt serve` per data directory, and nothing in it readable by others."""
    try:
        lock = ServeLock.take(path)
    except DataDirectoryInUse as error:
        raise click.ClickException(str(error)) from None
    loosened = tighten(path)
    if loosened:
        click.echo(
            f"Notice: {loosened} files and folders in the data directory could be read by other "
            "users of this machine. They are now readable by the owner only.",
            err=True,
        )
    return lock


def warn_about_test_settings() -> None:
    """Settings meant for tests and demos are said out loud at every start."""
    from django.conf import settings

    if settings.MELDPUNT_FETCH_ALLOW_LOOPBACK:
        message = (
            "WARNING: MELDPUNT_FETCH_ALLOW_LOOPBACK=1: reported addresses may reach this "
            "machine (127.0.0.1, ::1). Use it for tests and demos only, never for real reports."
        )
        click.echo(message, err=True)


def migrate(verbosity: int = 0) -> None:
    """Bring the database schema up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
