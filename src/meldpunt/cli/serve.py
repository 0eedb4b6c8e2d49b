"""`meldpunt serve`, `meldpunt worker` and `meldpunt migrate`."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

import click

from meldpunt import shutdown
from meldpunt.cli.setup import hold_data_directory, migrate, start_django, warn_about_test_settings

if TYPE_CHECKING:  # loaded only when serving: the other subcommands start without them
    from huey.consumer import Consumer
    from waitress.server import BaseWSGIServer, MultiSocketServer

    Server = MultiSocketServer | BaseWSGIServer

SHUTDOWN_SECONDS = 10  # how long jobs may take to hand their captures back at a stop


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--no-jobs", is_flag=True, help="Run no job consumer here (use `meldpunt worker`).")
def serve(host: str, port: int, threads: int, no_jobs: bool) -> None:
    """Set up the data directory and database, then serve Meldpunt."""
    start_django()
    from django.conf import settings

    lock = hold_data_directory(settings.DATA_DIR)
    click.echo(f"Data directory: {settings.DATA_DIR}")
    migrate()
    click.echo("Database is up to date.")
    warn_about_test_settings()
    server = _listen(host, port, threads)  # a port in use is found before any job starts
    jobs = not no_jobs and settings.CONFIG.jobs.value != "immediate"
    consumer = _start_jobs(settings.CONFIG.job_workers) if jobs else None
    _stop_on_signals(server)  # before the address is announced: a stop may follow at once
    _announce(_url(host, server))
    _serve_until_stopped(server, consumer)
    lock.release()
    if consumer is not None:
        _exit_without_waiting()


def _listen(host: str, port: int, threads: int) -> Server:
    from waitress.server import create_server

    from meldpunt.wsgi import application

    try:
        return create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="Meldpunt",
            clear_untrusted_proxy_headers=True,
        )
    except OSError as error:
        raise click.ClickException(
            f"Cannot listen on {host}:{port}: {error.strerror}. Is another program using this "
            "port? Stop it, or choose another with --port."
        ) from None


def _start_jobs(workers: int) -> Consumer:
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    consumer = HUEY.create_consumer(
        workers=workers, worker_type="thread", periodic=True, shutdown_timeout=SHUTDOWN_SECONDS
    )
    shutdown.watch(consumer.stop_flag)
    consumer.start()  # this sets huey's signal handlers; _serve_until_stopped sets ours after
    click.echo(f"Background jobs: {workers} in-process workers.")
    _resume_captures()
    return consumer


def _stop_on_signals(server: Server) -> None:
    """Ctrl-C, SIGTERM and SIGHUP stop the server and ask the jobs to stop (replacing the
    handlers huey's consumer set, which only its own run loop would read). A second Ctrl-C
    stops at once."""

    def stop(signum: int, frame: FrameType | None) -> None:
        if shutdown.requested():
            click.echo("Stopping now, without waiting.", err=True)
            os._exit(130)
        click.echo("Stopping: unfinished captures are given back (Ctrl-C again to stop now).")
        shutdown.request()
        server.close()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def _serve_until_stopped(server: Server, consumer: Consumer | None) -> None:
    """Serve until stopped; then give jobs a few seconds to hand their captures back."""
    try:
        server.run()
    except OSError:  # the listening socket was closed under the loop by stop()
        pass
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
            _give_back_unfinished()
        click.echo("Meldpunt stopped.")


def _give_back_unfinished() -> None:
    """Jobs still running when the stop's grace period is over: their captures go back now,
    so that a restart takes them up at once, not when their leases run out."""
    from django.db import connections

    from meldpunt.capture.leases import give_back_everything_held

    given = give_back_everything_held()
    if given:
        click.echo(f"Gave back {given} captures whose work did not finish in time.")
    connections.close_all()


def _exit_without_waiting() -> NoReturn:
    """End the process now. Downloads still running in the fetch threads would otherwise keep
    it alive until their own time limits; their captures have been given back already."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _index_hash_lists() -> None:
    """Index the hash lists once, before the worker processes are forked from here: they share
    the index's memory (matching only reads it, so the pages stay shared) instead of each
    building its own copy at start. A worker rebuilds its own only when a list changes."""
    from meldpunt.bootstrap import parts
    from meldpunt.lists.models import HashListEntry

    started, total = time.monotonic(), HashListEntry.objects.count()
    with click.progressbar(length=total, label="Indexing the hash lists", file=sys.stderr) as bar:
        known = parts().known.known_content(progress=bar.update)
    gc.freeze()  # the collector would otherwise write to every object's page in each worker
    click.echo(f"Indexed {len(known)} hash-list entries in {time.monotonic() - started:.1f} s.")


def _resume_captures() -> None:
    """Captures left half-done by a stopped or killed process go back on the queue at start."""
    from django.db import connections

    from meldpunt.bootstrap import parts
    from meldpunt.capture.services import reconcile

    resumed = reconcile(parts().jobs)
    # Kept connections must not outlive this: process workers are forked from here, and a
    # connection shared by two processes corrupts both sides' conversations with the database.
    connections.close_all()
    if resumed:
        click.echo(f"Resumed {resumed} unfinished captures.")


def _url(host: str, server: Server) -> str:
    """Where to open Meldpunt. A name with several addresses (localhost is often 127.0.0.1 and
    ::1) gets a socket for each, each with its own port if the port was 0: the first is named."""
    from waitress.server import MultiSocketServer

    if isinstance(server, MultiSocketServer):
        host, port = server.effective_listen[0]
        return f"http://{_url_host(host)}:{port}/"
    return f"http://{_url_host(host)}:{server.getsockname()[1]}/"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _announce(url: str) -> None:
    click.echo(f"Meldpunt is running at {url}")
    click.echo(f"  Public report form:  {url}")
    click.echo(f"  Staff pages:         {url}staff/")
    click.echo(f"  Partner API docs:    {url}api/v1/docs")
    if not _has_staff():
        click.echo("Next: create the first account with")
        click.echo("  meldpunt createuser --role admin YOUR-NAME")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()


def _has_staff() -> bool:
    from django.db import connections

    from meldpunt.accounts.models import User

    found = User.objects.exists()
    connections.close_all()  # the web threads open their own
    return found


def _default_workers() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


@click.command()
@click.option(
    "--workers",
    default=_default_workers,
    show_default="two per core",
    type=click.IntRange(1, 64),
    help="Each worker waits on downloads part of the time, so two per core keep them busy.",
)
@click.option(
    "--kind",
    type=click.Choice(["process", "thread"]),
    default="process",
    show_default=True,
    help="Worker processes use every core; threads share one.",
)
def worker(workers: int, kind: str) -> None:
    """Run background jobs in this process (for scaling out over Redis)."""
    start_django()
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    from meldpunt.jobs import children_end_with_this_process

    autodiscover_modules("tasks")
    click.echo(f"Job worker: {workers} {kind} workers on {type(HUEY.storage).__name__}.")
    warn_about_test_settings()
    if kind == "process":
        _index_hash_lists()
    _resume_captures()
    children_end_with_this_process()
    consumer = HUEY.create_consumer(
        workers=workers, worker_type=kind, periodic=True, shutdown_timeout=SHUTDOWN_SECONDS
    )
    shutdown.watch(consumer.stop_flag)  # forked workers share it: their jobs stop with it
    consumer.run()
    _give_back_unfinished()
    _exit_without_waiting()


@click.command(name="migrate")
def migrate_command() -> None:
    """Apply database migrations (serve does this itself)."""
    start_django()
    migrate(verbosity=1)
