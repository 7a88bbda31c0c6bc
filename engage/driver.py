"""Core statements run on the database driver itself, for the few hottest queries.

SQLAlchemy's Connection, execution context and result objects cost more than a short insert or
a one-row read (on the respondent path, more than SQLite's own work). A ``DriverStatement``
compiles its Core statement once per dialect, with the dialect's bind processors (JSON and
dates serialised exactly as SQLAlchemy would), and runs it on a DBAPI cursor.
``driver_connection`` checks a connection out of the engine's pool as SQLAlchemy would
(engage.database drops dead ones) and raises driver errors as SQLAlchemy's, so a lost database
is still a 503 and a broken connection is discarded.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

#: one bind parameter: its name, its type's bind processor, and its value when fixed in the
#: statement (``count + 1``) rather than passed in
_Slot = tuple[str, Callable[[Any], Any] | None, Any]
_MISSING = object()


class DriverStatement:
    """A Core statement for DBAPI cursors; parameters by bind name, as for SQLAlchemy."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._forms: weakref.WeakKeyDictionary[Dialect, tuple[str, bool, list[_Slot]]] = (
            weakref.WeakKeyDictionary()
        )

    def execute(
        self, cursor: Any, dialect: Dialect, values: Mapping[str, Any] | list[Mapping[str, Any]]
    ) -> None:
        """Run on ``cursor``: once for a mapping, once per row for a list (executemany)."""
        sql, positional, slots = self._form(dialect)
        if isinstance(values, list):  # not the Mapping ABC: its isinstance check is slow
            cursor.executemany(sql, [_parameters(positional, slots, row) for row in values])
        else:
            cursor.execute(sql, _parameters(positional, slots, values))

    def _form(self, dialect: Dialect) -> tuple[str, bool, list[_Slot]]:
        form = self._forms.get(dialect)
        if form is None:
            compiled: Any = self.statement.compile(dialect=dialect)
            if compiled.escaped_bind_names:
                raise ValueError("bind names the driver's paramstyle must escape")
            names = compiled.positiontup if compiled.positional else list(compiled.binds)
            slots = []
            for name in names:
                bind = compiled.binds[name]
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                fixed = _MISSING if bind.required else bind.effective_value
                if fixed is not _MISSING and process is not None:
                    fixed, process = process(fixed), None
                slots.append((name, process, fixed))
            form = self._forms[dialect] = (str(compiled), bool(compiled.positional), slots)
        return form


def _parameters(positional: bool, slots: list[_Slot], values: Mapping[str, Any]) -> Any:
    out = [
        value if value is not _MISSING else process(values[name]) if process else values[name]
        for name, process, value in slots
    ]
    return tuple(out) if positional else {slot[0]: v for slot, v in zip(slots, out, strict=True)}


@contextmanager
def driver_connection(engine: Engine) -> Iterator[Any]:
    """A pooled DBAPI connection, given back on exit; driver errors raised as SQLAlchemy's.

    The caller commits; the pool rolls back whatever is left when the connection returns.
    """
    driver_error = engine.dialect.loaded_dbapi.Error
    connection = None
    try:
        connection = engine.raw_connection()  # the pool raises the driver's own errors too
        yield connection
    except driver_error as exc:
        lost = connection is not None and engine.dialect.is_disconnect(exc, connection, None)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            None, None, exc, driver_error, connection_invalidated=lost
        ) from exc
    finally:
        if connection is not None:
            connection.close()


@contextmanager
def autocommit(connection: Any) -> Iterator[None]:
    """Each statement its own transaction for the block, on a ``driver_connection``.

    psycopg otherwise sends BEGIN first (a round trip), and its COMMIT or the pool's ROLLBACK
    is another. sqlite3 (before Python 3.12) has no such switch and opens no transaction for
    a read; its writes are committed by the caller.
    """
    driver = connection.driver_connection
    switch = getattr(driver, "autocommit", None) is False
    if switch:
        driver.autocommit = True
    try:
        yield
    finally:
        if switch:
            driver.autocommit = False
