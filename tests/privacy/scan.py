"""Scanners for the privacy suite: every table (from SQLAlchemy metadata) and every log line.

Tables come from ``db.metadata``, so a table added by a later feature is scanned without
touching these tests; ``snapshot`` also fails when the database holds a table the metadata
does not know, so nothing can be written out of sight.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from typing import Any

from flask import Flask
from sqlalchemy import inspect, select, text

from engage.extensions import db

#: a clock time next to a date, in the forms databases, JSON and logs use
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")
#: tables the app does not own
_FOREIGN = {"alembic_version"}
#: epoch seconds within a day of now are a time of submission in disguise
_EPOCH_WINDOW = 86_400

Row = dict[str, Any]


def snapshot(app: Flask) -> dict[str, list[Row]]:
    """Every row of every table, as {table: [{column: value}]}.

    Tables the database holds beyond the metadata (SQLite's full-text index of tour notes,
    for one) are read too, by name.
    """
    with app.app_context():
        known = {t.name for t in db.metadata.sorted_tables}
        extra = sorted(set(inspect(db.engine).get_table_names()) - known - _FOREIGN)
        with db.engine.connect() as conn:
            rows = {
                table.name: [dict(r._mapping) for r in conn.execute(select(table))]
                for table in db.metadata.sorted_tables
            }
            for name in extra:
                found = conn.execute(text(f'SELECT * FROM "{name}"'))  # noqa: S608
                rows[name] = [dict(r._mapping) for r in found]
            return rows


def column_count(app: Flask) -> int:
    """Columns of every table the scan reads (metadata and extra tables alike)."""
    with app.app_context():
        inspector = inspect(db.engine)
        names = set(inspector.get_table_names()) - _FOREIGN
        return sum(len(inspector.get_columns(name)) for name in names)


def _key(row: Row) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def written(before: dict[str, list[Row]], after: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """Rows inserted or changed between two snapshots."""
    out = {}
    for table, rows in after.items():
        old = {_key(r) for r in before.get(table, [])}
        out[table] = [r for r in rows if _key(r) not in old]
    return out


def foreign_targets() -> dict[tuple[str, str], str]:
    """(table, column) -> referred table, for every foreign key in the metadata."""
    return {
        (table.name, column.name): fk.column.table.name
        for table in db.metadata.sorted_tables
        for column in table.columns
        for fk in column.foreign_keys
    }


def atoms(value: Any) -> Iterator[Any]:
    """Every scalar inside a value (JSON documents are walked, keys included)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from atoms(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from atoms(item)
    else:
        yield value


def finer_than_a_day(value: Any) -> bool:
    """A datetime, a time, an ISO or log timestamp with a clock time, or a recent epoch."""
    if isinstance(value, datetime | clock):
        return True
    if isinstance(value, bool | date):
        return False
    if isinstance(value, int | float):
        return abs(value - time.time()) < _EPOCH_WINDOW
    return isinstance(value, str) and bool(_TIME_OF_DAY.search(value)) and _has_date(value)


def _has_date(text: str) -> bool:
    return bool(re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\w{3}/\d{4}", text))


@dataclass
class Secrets:
    """What must not appear beside an anonymous response."""

    texts: set[str] = field(default_factory=set)  #: token, hashes, IP, user agent, emails
    numbers: set[int] = field(default_factory=set)  #: stakeholder, invitation and user ids
    #: (table, text) pairs allowed: the token-use table holds the token's hash by design
    allowed: set[tuple[str, str]] = field(default_factory=set)
    #: tables whose foreign keys must be empty in new rows
    linked_tables: frozenset[str] = frozenset({"invitation", "stakeholder", "user"})


def leaks_in_rows(rows: dict[str, list[Row]], secrets: Secrets) -> list[str]:
    """Every cell of the given rows that names a secret or a time finer than the day."""
    targets = foreign_targets()
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                where = f"{table}.{column}={value!r}"
                if value is not None and targets.get((table, column)) in secrets.linked_tables:
                    found.append(f"link to {targets[(table, column)]}: {where}")
                found += [f"{problem}: {where}" for problem in _problems(table, value, secrets)]
    return found


def _problems(table: str, value: Any, secrets: Secrets) -> Iterator[str]:
    for atom in atoms(value):
        text = str(atom)
        for secret in secrets.texts:
            if secret in text and (table, secret) not in secrets.allowed:
                yield f"secret {secret[:12]}..."
        if isinstance(atom, int) and not isinstance(atom, bool) and atom in secrets.numbers:
            yield "linked id"
        if finer_than_a_day(atom):
            yield "time finer than a day"


def leaks_in_lines(lines: Iterable[str], secrets: Secrets) -> list[str]:
    """Log lines naming a secret, or a respondent request with a clock time."""
    found = []
    for line in lines:
        found += [f"secret {s[:12]}... in {line!r}" for s in secrets.texts if s in line]
        if "/s/" in line and _TIME_OF_DAY.search(line):
            found.append(f"respondent request with a clock time: {line!r}")
    return found
