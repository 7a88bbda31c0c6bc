"""``engage backup`` and ``engage restore``: the database and people's files, portably.

A backup made on SQLite restores on PostgreSQL and the other way round (see ``archive`` for
the format). Restore is all or nothing: every member is checked first, then the rows go in
in one transaction, and the files are moved into place only after it commits.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import Connection, Table, func, inspect, select, text
from sqlalchemy.engine import Engine

from engage.extensions import db
from engage.privacy import archive
from engage.privacy.archive import FILE_FOLDERS, FORMAT, MANIFEST, BackupError
from engage.timeutil import utcnow

#: rows per INSERT batch on restore
BATCH = 1000


def current_revision(conn: Connection) -> str | None:
    """The database's Alembic revision, or None before ``engage db upgrade``."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    # Primary-key order: stable, and for anonymous tables (random keys) unrelated to time.
    query = select(table).order_by(*table.primary_key.columns)
    for row in conn.execute(query):
        yield {key: archive.encode(value) for key, value in row._mapping.items()}


def _files() -> Iterator[tuple[str, Path]]:
    root = Path(current_app.instance_path)
    for folder in FILE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.name.startswith("tmp"):
                yield path.relative_to(root).as_posix(), path


def create_backup(output: Path) -> dict[str, Any]:
    """Write the archive to ``output`` (atomically); returns its manifest.

    Raises:
        BackupError: the database has not been upgraded, or the output cannot be written.
    """
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created": utcnow().isoformat(),
        "dialect": db.engine.dialect.name,
        "tables": [],
        "files": [],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=output.parent, suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with open(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
            # One read transaction: on PostgreSQL (REPEATABLE READ) a consistent snapshot.
            with _snapshot(db.engine) as conn:
                manifest["alembic_revision"] = current_revision(conn)
                if manifest["alembic_revision"] is None:
                    raise BackupError("the database has no schema yet; run engage db upgrade")
                for number, table in enumerate(db.metadata.sorted_tables):
                    lines = [json.dumps(r, ensure_ascii=False) for r in _rows(conn, table)]
                    data = ("\n".join(lines) + "\n" if lines else "").encode("utf-8")
                    name = f"tables/{number:03d}_{table.name}.jsonl"
                    entry = archive.add_member(tar, name, data)
                    manifest["tables"].append({"table": table.name, "rows": len(lines), **entry})
            for relative, path in _files():
                entry = archive.add_member(tar, f"files/{relative}", path.read_bytes())
                manifest["files"].append({"path": relative, **entry})
            body = json.dumps(manifest, indent=2).encode("utf-8")
            archive.add_member(tar, MANIFEST, body)
        tmp.replace(output)
    except OSError as exc:
        raise BackupError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection seeing one consistent state of the database."""
    options = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as conn, conn.begin() as transaction:
        yield conn
        transaction.rollback()


def restore_backup(source: Path, force: bool = False) -> dict[str, Any]:
    """Replace the database's rows (and people's files) with the archive's.

    Args:
        source: an archive written by ``create_backup``.
        force: restore into a database that already holds data (its rows are deleted first).

    Raises:
        BackupError: a damaged or foreign archive, a different schema revision, or a
            database that is not empty (without ``force``).
    """
    manifest, members = archive.read_members(source)
    tables = {t.name: t for t in db.metadata.sorted_tables}
    unknown = [e["table"] for e in manifest["tables"] if e["table"] not in tables]
    if unknown:
        raise BackupError(f"the backup has tables this version does not know: {unknown}")
    staged = _stage_files(manifest, members)
    try:
        with db.engine.begin() as conn:
            _check_target(conn, manifest, force)
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            for entry in manifest["tables"]:
                _insert(conn, tables[entry["table"]], members[entry["member"]])
            _reset_sequences(conn)
        _place_files(staged)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return manifest


def _check_target(conn: Connection, manifest: dict[str, Any], force: bool) -> None:
    revision = current_revision(conn)
    if revision != manifest["alembic_revision"]:
        raise BackupError(
            f"the backup is at schema revision {manifest['alembic_revision']} but the database "
            f"is at {revision}; run engage db upgrade (or use the Engage version that made it)"
        )
    if force:
        return
    for table in db.metadata.sorted_tables:
        if conn.execute(select(func.count()).select_from(table)).scalar():
            raise BackupError(
                f"the database is not empty (table {table.name} has rows); restore into a new "
                "database, or pass --force to replace everything in it"
            )


def _insert(conn: Connection, table: Table, data: bytes) -> None:
    decoders = {c.name: archive.decoder(c) for c in table.columns}
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
    rows = [{k: decoders[k](v) for k, v in row.items()} for row in _parents_first(table, rows)]
    for start in range(0, len(rows), BATCH):
        conn.execute(table.insert(), rows[start : start + BATCH])


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order rows of a self-referencing table (org units, codes) so parents come first."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
             if fk.column.table is table]  # fmt: skip
    if not links:
        return rows
    placed: set[tuple[str, Any]] = set()
    ordered, waiting = [], rows
    while waiting:
        ready = [r for r in waiting if all(r[c] is None or (t, r[c]) in placed for c, t in links)]
        if not ready:  # a cycle inside the table: insert the rest as they are
            ready = waiting
        for row in ready:
            placed.update((target, row[target]) for _col, target in links)
        ordered += ready
        waiting = [r for r in waiting if r not in ready]
    return ordered


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move id sequences past the restored ids, so new rows do not collide."""
    if conn.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                conn.execute(
                    text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM '  # noqa: S608
                         f'"{table.name}"), 0) + 1, false)'),
                    {"s": sequence},
                )  # fmt: skip


def _stage_files(manifest: dict[str, Any], members: dict[str, bytes]) -> Path:
    """Write the archive's files to a staging folder inside the instance folder."""
    root = Path(current_app.instance_path)
    root.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix="restore-", dir=root))
    for entry in manifest["files"]:
        relative = Path(entry["path"])
        if (
            relative.is_absolute()
            or ".." in relative.parts
            or relative.parts[0] not in FILE_FOLDERS
        ):
            shutil.rmtree(staged, ignore_errors=True)
            raise BackupError(f"the backup names a file outside the instance folders: {relative}")
        target = staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(members[entry["member"]])
    return staged


def _place_files(staged: Path) -> None:
    root = Path(current_app.instance_path)
    for folder in FILE_FOLDERS:
        if (staged / folder).exists():
            shutil.rmtree(root / folder, ignore_errors=True)
            (staged / folder).replace(root / folder)
