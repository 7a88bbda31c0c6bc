"""``engage import polis DIR``: a Pol.is openData export becomes a deliberation."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from engage.deliberation import source  # noqa: F401  (registers the "polis" evidence source)
from engage.errors import DomainError
from engage.extensions import db


@click.command("polis")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--conversation", default=None, help="Key used in unit ids (default: folder name).")
@with_appcontext
def import_polis_command(folder: Path, conversation: str | None) -> None:
    """Import comments, votes and opinion groups from a Pol.is export FOLDER."""
    from engage.cli import fail
    from engage.deliberation.polis import import_polis

    click.echo(f"importing {folder}...", err=True)
    try:
        deliberation = import_polis(folder, "cli", conversation)
    except DomainError as exc:
        db.session.rollback()
        fail(str(exc))
    db.session.commit()
    statements = len(deliberation.statements)
    click.echo(
        f"created deliberation {deliberation.id} ({deliberation.title}): {statements} statements",
        err=True,
    )
