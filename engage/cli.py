"""The ``engage`` command: Flask's CLI group around ``create_app`` plus Engage commands."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from analysis.cli import theme_command
from engage import create_app


def fail(message: str) -> NoReturn:
    """Exit 2 with one clear line on stderr: the CLI contract for bad input."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.group(cls=FlaskGroup, create_app=create_app)
def cli() -> None:
    """Engage: surveys, listening tours and themed feedback."""


# Theming a file needs no app or database: it is a plain command on the group.
cli.add_command(theme_command)


@click.command("seed-demo")
@click.option("--password", default=None, help="Password for the demo users (default engage-demo).")
@with_appcontext
def seed_demo_command(password: str | None) -> None:
    """Create (or top up) the demo users, org units and sample data. Idempotent."""
    from engage.demo.seed import DemoRefused, seed_demo

    try:
        summary = seed_demo(password)
    except DemoRefused as exc:
        fail(str(exc))
    for line in summary:
        click.echo(line, err=True)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for Engage jobs (JOBS_BACKEND=rq)."""
    from engage.jobs.backends import RQBackend
    from engage.jobs.worker import EngageWorker

    backend = current_app.extensions["engage_jobs"]
    if not isinstance(backend, RQBackend):
        fail("engage worker needs JOBS_BACKEND=rq; the inline backend runs jobs in the app.")
    EngageWorker([backend.queue], connection=backend.redis).work(burst=burst)


def register_commands(app: Flask) -> None:
    """Engage's own commands, on ``app.cli`` so ``engage`` and test runners both see them."""
    from engage.deliberation.cli import import_polis_command
    from engage.privacy.cli import COMMANDS as PRIVACY_COMMANDS
    from surveys.cli import export_group
    from surveys.importers.cli import import_group

    import_group.add_command(import_polis_command)
    for command in (seed_demo_command, worker_command, export_group, import_group):
        app.cli.add_command(command)
    for command in PRIVACY_COMMANDS:
        app.cli.add_command(command)


def main() -> None:
    """Console-script entry point; a bad environment setting exits 2 with one line."""
    from pathlib import Path

    from engage import ROOT
    from engage.config import ConfigError, load_config

    try:
        load_config(Path(ROOT / "instance"))
    except ConfigError as exc:
        fail(str(exc))
    cli.main(prog_name="engage")


if __name__ == "__main__":
    main()
