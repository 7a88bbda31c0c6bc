"""``engage backup``, ``engage restore`` and ``engage retention``."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from engage.cli import fail
from engage.privacy.archive import BackupError


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(output: Path) -> None:
    """Write the database and uploaded/exported files to OUTPUT (a .tar.gz archive)."""
    from engage.privacy.backup import create_backup

    started = time.perf_counter()
    try:
        manifest = create_backup(output)
    except BackupError as exc:
        fail(str(exc))
    size = f"{output.stat().st_size} bytes, "
    click.echo(_summary("Backed up", manifest, f"to {output}", size, started))


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the data of a database that is not empty.")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """Restore a backup archive into this (upgraded, empty) database, in one transaction."""
    from engage.privacy.backup import restore_backup

    if not source.is_file():
        fail(f"{source} does not exist or is not a file")
    started = time.perf_counter()
    try:
        manifest = restore_backup(source, force=force)
    except BackupError as exc:
        fail(str(exc))
    click.echo(_summary("Restored", manifest, f"from {source}", "", started))


def _summary(verb: str, manifest: dict, where: str, size: str, started: float) -> str:
    rows = sum(t["rows"] for t in manifest["tables"])
    return (
        f"{verb} {rows} rows in {len(manifest['tables'])} tables and {len(manifest['files'])} "
        f"files at revision {manifest['alembic_revision']} {where} "
        f"({size}{time.perf_counter() - started:.1f} s)."
    )


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="Apply as of this date.")
@with_appcontext
def retention_command(dry_run: bool, today: str | None) -> None:
    """Delete what is past its retention date (periods: ENGAGE_RETENTION_*_DAYS)."""
    from engage.privacy.retention import apply_retention
    from engage.timeutil import utcnow

    try:
        day = date.fromisoformat(today) if today else utcnow().date()
    except ValueError:
        fail(f"--today must be a date like 2026-01-31, got {today!r}")
    outcome = apply_retention(day, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    for label, count in outcome.counts.items():
        click.echo(f"{label}: {verb} {count}")
    if dry_run:
        click.echo("Dry run: nothing was changed.")


COMMANDS = (backup_command, restore_command, retention_command)
