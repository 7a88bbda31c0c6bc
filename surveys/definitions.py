"""Survey definitions for the respondent pages, cached per worker process.

Every respondent request needs the whole definition (sections, questions, options,
translations, skip rules); loading it through the ORM cost about as much as the rest of the
request. Each process therefore keeps a detached copy keyed by the survey's ``revision``: a
random value replaced, in the same transaction, whenever the survey, one of its sections or
one of its questions is inserted, changed or deleted (the ``after_flush`` hook below, so no
service, importer or view can forget it). Every request checks the current revision, so each
process sees any change, lifecycle changes (open, close, dates) included, on its very next
request: the cache can never serve a stale definition. A page view reads it first, with one
single-row query. A respondent's POST is answered with the copy and checks afterwards: the
statements that store a submission or a start write only while the survey has the copy's
revision (``at_revision``), and any other outcome reads it (``is_current``); a changed survey
gets the request answered again (surveys.respond).

The cached objects are shared by a process's threads: treat them as read-only, never add them
to a session (respondent code only reads them and writes rows by id).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, bindparam, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from engage.driver import DriverStatement, autocommit, driver_connection
from engage.extensions import db
from surveys.models import Question, Section, Survey

#: slug -> detached survey with its sections and questions loaded
_CACHE: dict[str, Survey] = {}
#: more open surveys than this at once is unusual; past it the cache simply starts over
_LIMIT = 256
_TRACKED = (Survey, Section, Question)
_TABLE = Survey.__table__
#: the one query of every respondent request
_REVISION = DriverStatement(select(_TABLE.c.revision).where(_TABLE.c.slug == bindparam("slug")))


class SurveyChanged(Exception):
    """The survey no longer has the revision a request evaluated its answers against."""


def at_revision() -> Select[Any]:
    """The survey's id, while it still has the expected revision (binds survey_id, revision).

    Writes select from it, so that a survey closed or edited since its definition was read is
    never written to, whatever copy of the definition the request used.
    """
    return select(_TABLE.c.id).where(
        _TABLE.c.id == bindparam("survey_id"), _TABLE.c.revision == bindparam("revision")
    )


def survey_by_slug(slug: str) -> Survey | None:
    """The survey with its sections and questions, from this process's cache when current.

    Returns None when no survey has that slug.
    """
    revision = _read_revision(db.engine, slug)
    if revision is None:
        return None
    cached = _CACHE.get(slug)
    if cached is not None and cached.revision == revision:
        return cached
    survey = _load(slug)
    if survey is not None:
        if len(_CACHE) >= _LIMIT:
            _CACHE.clear()
        _CACHE[slug] = survey
    return survey


def copy_of(slug: str) -> Survey | None:
    """This process's copy of the survey as last read, if any, without asking the database.

    It may be out of date: only for a request whose every write checks the revision itself
    (``at_revision``) and which checks it with ``is_current`` before any other outcome.
    """
    return _CACHE.get(slug)


def is_current(survey: Survey) -> bool:
    """Whether the survey still has the revision of this copy (one single-row read)."""
    return _read_revision(db.engine, survey.slug) == survey.revision


def _read_revision(engine: Engine, slug: str) -> str | None:
    """The revision on a pooled connection of its own, through the driver.

    It is all a page view needs from the database. SQLAlchemy's Connection and result objects
    cost more than the query (they were half of a page view's time in the view), and the
    session would add BEGIN and, when the request ends, ROLLBACK (round trips on PostgreSQL),
    so the read goes to the driver (engage.driver) in autocommit mode.
    """
    with driver_connection(engine) as connection, autocommit(connection):
        cursor = connection.cursor()
        try:
            _REVISION.execute(cursor, engine.dialect, {"slug": slug})
            row = cursor.fetchone()
        finally:
            cursor.close()
    return row[0] if row else None


def _load(slug: str) -> Survey | None:
    # A session of its own, closed at once: the objects come out detached with every column
    # loaded, and the request's session never holds (or expires) the shared copy.
    with Session(db.engine) as session:
        return session.scalar(
            select(Survey)
            .where(Survey.slug == slug)
            .options(selectinload(Survey.sections).selectinload(Section.questions))
        )


def clear() -> None:
    """Forget every cached definition (tests, or after restoring a database)."""
    _CACHE.clear()


@event.listens_for(Session, "after_flush")
def _new_revision(session: Session, _context: Any) -> None:
    """Give every survey whose definition this flush touched a new revision."""
    changed = {
        obj.id if isinstance(obj, Survey) else obj.survey_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, _TRACKED)
    }
    changed.discard(None)
    if not changed:
        return
    connection = session.connection()
    for survey_id in sorted(changed):
        connection.execute(
            update(_TABLE).where(_TABLE.c.id == survey_id).values(revision=uuid.uuid4().hex)
        )
