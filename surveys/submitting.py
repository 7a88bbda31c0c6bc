"""Storing a respondent's submission: its own transaction, through the database driver.

SQLAlchemy's session and execution layers cost more than SQLite's own work for the few
statements of a submission, so they run on a pooled DBAPI connection (engage.driver). Every
submission checks that the survey still has the revision its answers were evaluated against
(surveys.definitions), in the same transaction as the writes: a survey closed or edited since
is never stored into, however the request came by its copy of the definition.

On PostgreSQL the whole submission is one statement (data-modifying CTEs) in autocommit mode:
one round trip, one implicit transaction committed before the reply, instead of BEGIN, five
statements and COMMIT. SQLite has no data-modifying CTEs; there the statements run one by one
under this process's writer lock (``one_writer``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Integer, bindparam, func, insert, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect

from engage.driver import DriverStatement, autocommit, driver_connection
from engage.extensions import db
from surveys import responding
from surveys.definitions import SurveyChanged, at_revision
from surveys.models import Answer, Invitation, Response, SubmissionReceipt, Survey
from surveys.responding import AlreadySubmitted, Evaluation, FormState, Rows

#: the receipt, written only while the survey has the expected revision (SQLite's first write)
_RECEIPT_IF_CURRENT = DriverStatement(
    insert(SubmissionReceipt.__table__).from_select(
        ["key_hash", "survey_id"],
        at_revision().with_only_columns(
            bindparam("key_hash", type_=SubmissionReceipt.__table__.c.key_hash.type),
            Survey.__table__.c.id,
        ),
    )
)


def submit(
    survey: Survey, state: FormState, ev: Evaluation, invitation: Invitation | None, starting: bool
) -> None:
    """Store a respondent's response (and their start, if ``starting``) and commit it.

    The same rows as ``responding.record_response``, in a transaction of their own. The
    request's session holds nothing to write.

    Raises:
        DomainError: answers still have errors.
        AlreadySubmitted: the key was used before (nothing is stored).
        SurveyChanged: the survey no longer has ``survey.revision`` (nothing is stored).
    """
    rows = responding.response_rows(survey, state, ev, invitation, None)
    start = responding.start_values(survey) if starting else None
    if db.session.registry.has():
        # It only read (an invitation): give its connection back first. Requests holding one
        # connection while waiting for a second would exhaust the pool under load.
        db.session.rollback()
    engine = db.engine
    store = _in_one_statement if engine.dialect.name == "postgresql" else _statement_by_statement
    # The pool's checkout and check-in (with its reset) outside SQLite's writer lock.
    with driver_connection(engine) as connection:
        stored = store(connection, engine.dialect, survey.revision, rows, start)
    if not stored:
        raise SurveyChanged(survey.slug)


def _statement_by_statement(
    connection: Any, dialect: Dialect, revision: str, rows: Rows, start: dict[str, Any] | None
) -> bool:
    """SQLite: receipt (if the revision holds), response, answers, start; then commit.

    The start is last, as other starts wait for the lock on its row until the commit. Returns
    whether the revision held.
    """
    writes = rows.response_inserts()
    if start is not None:
        writes.append((responding.start_upsert(dialect.name), start))
    with one_writer():
        cursor = connection.cursor()
        try:
            _RECEIPT_IF_CURRENT.execute(cursor, dialect, {**rows.receipt, "revision": revision})
            if cursor.rowcount != 1:
                connection.rollback()
                return False
            for statement, parameters in writes:
                statement.execute(cursor, dialect, parameters)
        except dialect.loaded_dbapi.IntegrityError as exc:
            connection.rollback()  # now: SQLite holds its write lock until then
            raise AlreadySubmitted("already submitted") from exc
        finally:
            cursor.close()
        connection.commit()
    return True


def _in_one_statement(
    connection: Any, dialect: Dialect, revision: str, rows: Rows, start: dict[str, Any] | None
) -> bool:
    """PostgreSQL: every row in one statement, its own transaction; whether the revision held.

    A used receipt key fails the statement, so nothing of it is stored.
    """
    statement = _one_statement(start is not None)
    answers = rows.answers
    values = {
        **rows.response,
        **rows.receipt,
        **(start or {}),
        "revision": revision,
        "question_ids": [row["question_id"] for row in answers],
        "answer_values": [row["value"] for row in answers],
    }
    with autocommit(connection):
        cursor = connection.cursor()
        try:
            statement.execute(cursor, dialect, values)
            (matched,) = cursor.fetchone()
        except dialect.loaded_dbapi.IntegrityError as exc:
            raise AlreadySubmitted("already submitted") from exc
        finally:
            cursor.close()
    return matched == 1


_ONE_STATEMENTS: dict[bool, DriverStatement] = {}


def _one_statement(starting: bool) -> DriverStatement:
    """WITH current (the survey at the expected revision), inserts from it; count(current).

    Built on first use: foreign key columns take their type from the referenced table, which
    must be known by then.
    """
    found = _ONE_STATEMENTS.get(starting)
    if found is not None:
        return found
    current = at_revision().cte("current")

    def from_current(table: Any, **fixed: Any) -> Any:
        values = {c.name: fixed.get(c.name, bindparam(c.name, type_=c.type)) for c in table.c}
        chosen = select(*values.values()).select_from(current)
        return insert(table).from_select(list(values), chosen).cte(table.name)

    answer = Answer.__table__
    given = (
        func.unnest(
            bindparam("question_ids", type_=ARRAY(Integer)),
            bindparam("answer_values", type_=ARRAY(answer.c.value.type)),
        )
        .table_valued("question_id", "value")
        .render_derived(name="given")
    )
    chosen = select(
        bindparam("id", type_=answer.c.response_id.type), given.c.question_id, given.c.value
    )
    answers = insert(answer).from_select(
        ["response_id", "question_id", "value"],
        chosen.select_from(current).join(given, true()),
    )
    writes = [
        from_current(SubmissionReceipt.__table__, survey_id=current.c.id),
        from_current(Response.__table__, survey_id=current.c.id),
        answers.cte("answers"),
    ]
    if starting:
        writes.append(responding.start_upsert("postgresql").statement.cte("start"))
    statement = select(func.count()).select_from(current).add_cte(*writes)
    found = _ONE_STATEMENTS[starting] = DriverStatement(statement)
    return found


#: SQLite lets one connection write at a time; the others sleep and retry in growing steps
#: (1 ms up to 100 ms). Queuing this process's writers on a lock hands the database from one
#: to the next without those sleeps. PostgreSQL needs no such lock.
_SQLITE_WRITER = threading.Lock()


@contextmanager
def one_writer() -> Iterator[None]:
    """Around a request's writes and commit: one writer per process at a time on SQLite."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    with _SQLITE_WRITER:
        yield
