"""``engage import xlsform|lss|polis|responses ...``: bring other tools' files into Engage.

Exit 0 on success, 2 on bad input with one line on stderr; one transaction per command.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from engage.errors import DomainError
from engage.extensions import db


@click.group("import")
def import_group() -> None:
    """Import surveys, responses and deliberations from other tools."""


def _read(path: Path) -> bytes:
    from engage.cli import fail

    if not path.is_file():
        fail(f"{path}: no such file.")
    return path.read_bytes()


def _definition(kind: str, path: Path) -> None:
    from engage.cli import fail
    from surveys.importers.services import import_definition

    data = _read(path)
    click.echo(f"importing {path.name}...", err=True)
    try:
        entry = import_definition(kind, data, path.name, "cli")
    except DomainError as exc:
        db.session.rollback()
        fail(str(exc))
    db.session.commit()
    for item in entry.report["entries"]:
        if item["outcome"] != "imported":
            click.echo(
                f"  {item['outcome']}: {item['where']} {item['name']}: {item['message']}", err=True
            )
    counts = ", ".join(f"{n} {k}" for k, n in entry.report["counts"].items())
    click.echo(f"created survey {entry.survey_id} ({entry.survey.title}): {counts}", err=True)


@import_group.command("xlsform")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_xlsform_command(file: Path) -> None:
    """Create a draft survey from an XLSForm (.xlsx, or a KoboToolbox .json form)."""
    _definition("xlsform", file)


@import_group.command("lss")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_lss_command(file: Path) -> None:
    """Create a draft survey from a LimeSurvey .lss, .lsg, .lsq or .lsa (with responses)."""
    _definition("limesurvey", file)
