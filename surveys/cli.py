"""``engage export responses --survey SLUG --format csv|xlsx|sav --output FILE`` and
``engage export xlsform --survey SLUG --output FILE`` (the definition, for other tools)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from engage.audit.services import record
from engage.extensions import db
from surveys import exports
from surveys.models import Survey


@click.group("export")
def export_group() -> None:
    """Export data to files."""


def _survey(slug: str, output: Path) -> Survey:
    """The survey with ``slug``, once ``output`` is known to be writable; else exit 2."""
    from engage.cli import fail

    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None:
        fail(f"no survey has the slug {slug!r}.")
    if output.is_dir() or not output.parent.is_dir():
        fail(f"cannot write {output}: give a file path in an existing folder.")
    return survey


@export_group.command("responses")
@click.option("--survey", "slug", required=True, help="The survey's slug (its /s/<slug> link).")
@click.option("--format", "fmt", required=True, help="csv, xlsx or sav.")
@click.option("--output", type=click.Path(path_type=Path), required=True)
@with_appcontext
def export_responses(slug: str, fmt: str, output: Path) -> None:
    """Write one row per response of a survey to OUTPUT (audited)."""
    from engage.cli import fail

    if fmt not in exports.FORMATS:
        fail(f"--format must be one of {', '.join(exports.FORMATS)}, not {fmt!r}.")
    survey = _survey(slug, output)
    click.echo(f"exporting {survey.title} as {fmt}...", err=True)
    if fmt == "csv":
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in exports.csv_chunks(survey.id):
                handle.write(chunk)
    elif fmt == "xlsx":
        output.write_bytes(exports.xlsx_bytes(survey))
    else:
        exports.write_sav(survey, str(output))
    record("cli", "survey.exported", "survey", survey.id, format=fmt, output=str(output))
    db.session.commit()
    click.echo(f"wrote {output}", err=True)


@export_group.command("xlsform")
@click.option("--survey", "slug", required=True, help="The survey's slug (its /s/<slug> link).")
@click.option("--output", type=click.Path(path_type=Path), required=True)
@with_appcontext
def export_xlsform_command(slug: str, output: Path) -> None:
    """Write a survey's definition to OUTPUT as an XLSForm workbook (audited)."""
    from surveys.xlsform_export import export_xlsform

    survey = _survey(slug, output)
    data, notes = export_xlsform(survey)
    output.write_bytes(data)
    for note in notes:
        click.echo(f"  not in the XLSForm: {note}", err=True)
    record("cli", "survey.exported", "survey", survey.id, format="xlsform", output=str(output))
    db.session.commit()
    click.echo(f"wrote {output}", err=True)
