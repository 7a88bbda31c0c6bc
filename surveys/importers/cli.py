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


@import_group.command("responses")
@click.option("--survey", "slug", required=True, help="The survey's slug (its /s/<slug> link).")
@click.option(
    "--map",
    "map_file",
    required=True,
    type=click.Path(path_type=Path),
    help="JSON object: column name -> question code, code.part, submitted_on, language, "
    "org_unit or role.",
)
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_responses_command(slug: str, map_file: Path, file: Path) -> None:
    """Add responses from a CSV or XLSX export (Google Forms, Microsoft Forms, Excel)."""
    import json

    from sqlalchemy import select

    from engage.cli import fail
    from surveys.importers.responses import import_responses
    from surveys.importers.responses_read import read_sheet
    from surveys.models import Survey

    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None:
        fail(f"no survey has the slug '{slug}'.")
    try:
        mapping = json.loads(_read(map_file).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{map_file}: not a JSON mapping ({exc}).")
    if not isinstance(mapping, dict):
        fail(f"{map_file}: the mapping must be a JSON object of column -> question code.")
    click.echo(f"importing {file.name} into {survey.title}...", err=True)
    try:
        entry = import_responses(
            survey, read_sheet(_read(file), file.name), file.name, mapping, "cli"
        )
    except DomainError as exc:
        db.session.rollback()
        fail(str(exc))
    db.session.commit()
    for item in entry.report["entries"]:
        if item["outcome"] == "changed":
            click.echo(f"  {item['where']}: {item['message']}", err=True)
    click.echo(f"added {entry.report['entries'][-1]['message']} to survey {survey.id}", err=True)
