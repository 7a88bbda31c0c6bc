"""Engine settings per database: SQLite pragmas for concurrent use."""

from __future__ import annotations

import select
from typing import Any

from flask import Flask
from sqlalchemy import ColumnElement, event, func, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

SQLITE_BUSY_TIMEOUT_MS = 15_000


def engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Request threads and job threads share the file; let them wait for the lock.
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    # No pool_pre_ping: its SELECT 1 is a round trip on every checkout (a quarter of a survey
    # page's database time). _drop_hung_up checks the socket instead.
    return {}


def _drop_hung_up(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pool checkout: refuse a connection whose server has hung up, so the pool opens another.

    An idle connection never has anything to read unless the server closed it (a restart,
    ``pg_terminate_backend``, an idle timeout: the server sends its error, then EOF). Polling
    the socket finds that without a round trip; a false alarm only costs a new connection.
    """
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    if poller.poll(0):
        raise DisconnectionError("the database server closed this connection")


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
    postgresql = engine.dialect.name == "postgresql"
    if postgresql and not event.contains(engine, "checkout", _drop_hung_up):
        event.listen(engine, "checkout", _drop_hung_up)


def same_name(column: Any, name: str) -> ColumnElement[bool]:
    """``column`` holds ``name``, ignoring case, on every database.

    SQLite's lower() folds only ASCII letters, so a case-insensitive check alone misses an
    exact duplicate such as "Ärzte"; the insert then breaks the unique constraint (a 500).
    """
    return or_(column == name, func.lower(column) == name.lower())
