"""Engine settings per database: SQLite pragmas for concurrent use."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import ColumnElement, event, func, or_
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000


def engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Request threads and job threads share the file; let them wait for the lock.
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {"pool_pre_ping": True}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers continue while a job writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: Database objects that migrations create but the models cannot describe (FTS5 tables and
#: their shadow tables, expression indexes); autogenerate and the schema check skip them.
UNMANAGED_PREFIXES = ("tour_fts",)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: leave the unmanaged search objects alone."""
    return not (name or "").startswith(UNMANAGED_PREFIXES)


def init_database(app: Flask, engine: Engine) -> None:
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)


def same_name(column: Any, name: str) -> ColumnElement[bool]:
    """``column`` holds ``name``, ignoring case, on every database.

    SQLite's lower() folds only ASCII letters, so a case-insensitive check alone misses an
    exact duplicate such as "Ärzte"; the insert then breaks the unique constraint (a 500).
    """
    return or_(column == name, func.lower(column) == name.lower())
