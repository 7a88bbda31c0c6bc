"""Answering a survey: the respondent's form state, skip logic, validation and submission.

The answers in progress travel with the page in a signed hidden field (and, on request, as a
resume code the respondent keeps). Nothing about an unfinished questionnaire is stored on the
server, which is what lets anonymous drafts stay unlinkable.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from secrets import randbelow
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, insert, literal
from sqlalchemy.exc import IntegrityError

from engage.driver import DriverStatement
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from surveys import conditions, qtypes
from surveys.definitions import SurveyChanged, at_revision
from surveys.models import (
    Anonymity,
    Answer,
    Invitation,
    Response,
    Section,
    SubmissionReceipt,
    Survey,
    SurveyStart,
)

REVIEW = -1


class TamperedState(DomainError):
    """The hidden form state was altered or belongs to another survey."""


class AlreadySubmitted(DomainError):
    """This invitation or form session has already produced a response."""


@dataclass
class FormState:
    survey_id: int
    lang: str
    key: str = field(default_factory=lambda: secrets.token_hex(16))
    page: int = 0
    raw: dict[str, list[str]] = field(default_factory=dict)
    token: str | None = None
    started: bool = False


#: one serializer per secret key (building one per request showed in profiles)
_SERIALIZERS: dict[str, URLSafeSerializer] = {}


def _serializer() -> URLSafeSerializer:
    secret = current_app.config["SECRET_KEY"]
    serializer = _SERIALIZERS.get(secret)
    if serializer is None:
        serializer = URLSafeSerializer(secret, salt="surveys.form-state")
        _SERIALIZERS[secret] = serializer
    return serializer


#: FormState's fields, for dump_state
_FIELDS = tuple(f.name for f in fields(FormState))


def dump_state(state: FormState) -> str:
    # Not dataclasses.asdict: its deep copy of the answers was a third of this function's time.
    return _serializer().dumps({name: getattr(state, name) for name in _FIELDS})


def load_state(text: str, survey: Survey) -> FormState:
    """Read the signed state; raises TamperedState when it was changed or is foreign."""
    try:
        data = _serializer().loads(text.strip())
        state = FormState(**data)
    except (BadSignature, TypeError) as exc:
        raise TamperedState(str(exc)) from exc
    if state.survey_id != survey.id or state.lang not in survey.languages:
        raise TamperedState("state for another survey")
    return state


def capture(state: FormState, section: Section, form: Any) -> None:
    """Replace the stored input of ``section``'s questions with what the page posted."""
    for question in section.questions:
        prefix = f"q.{question.code}"
        for name in [n for n in state.raw if n == prefix or n.startswith(prefix + ".")]:
            del state.raw[name]
        for name in form:
            if name == prefix or name.startswith(prefix + "."):
                values = [v for v in form.getlist(name) if v != ""]
                if values:
                    state.raw[name] = values


@dataclass
class Evaluation:
    """Which sections and questions are shown for a set of answers, and what is wrong."""

    sections: list[Section] = field(default_factory=list)
    visible: set[str] = field(default_factory=set)
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    atoms: dict[str, list[str]] = field(default_factory=dict)

    def errors_in(self, section: Section) -> dict[str, str]:
        return {q.code: self.errors[q.code] for q in section.questions if q.code in self.errors}


def evaluate(survey: Survey, raw: qtypes.Raw) -> Evaluation:
    """Apply skip logic in survey order: a rule sees only answers to questions shown earlier.

    Hidden questions are neither validated nor kept.
    """
    ev = Evaluation()
    for section in survey.sections:
        if not conditions.evaluate(section.condition, ev.atoms):
            continue
        ev.sections.append(section)
        for question in section.questions:
            if not conditions.evaluate(question.condition, ev.atoms):
                continue
            ev.visible.add(question.code)
            qtype = qtypes.get(question.type)
            try:
                value = qtype.parse(question, raw)
            except qtypes.AnswerError as exc:
                ev.errors[question.code] = str(exc)
                continue
            if value is None:
                if question.required:
                    ev.errors[question.code] = qtype.required_message()
                continue
            ev.values[question.code] = value
            ev.atoms[question.code] = conditions.atoms(value)
    return ev


def neighbour(survey: Survey, ev: Evaluation, page: int, step: int) -> int | None:
    """The index of the next (+1) or previous (-1) shown section, or None at either end."""
    shown = [survey.sections.index(s) for s in ev.sections]
    if page == REVIEW:
        return shown[-1] if step < 0 and shown else None
    later = [i for i in shown if (i > page if step > 0 else i < page)]
    if not later:
        return None
    return later[0] if step > 0 else later[-1]


def first_page(survey: Survey, ev: Evaluation) -> int:
    return survey.sections.index(ev.sections[0]) if ev.sections else 0


def first_error_page(survey: Survey, ev: Evaluation) -> int | None:
    for section in ev.sections:
        if ev.errors_in(section):
            return survey.sections.index(section)
    return None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def receipt_key(state: FormState, invitation: Invitation | None) -> str:
    """Invitations are single use; a public form session is single use too (double submits)."""
    return invitation.receipt_key if invitation is not None else _hash("form:" + state.key)


def _insert(table: Any) -> DriverStatement:
    return DriverStatement(insert(table).values({c.name: bindparam(c.name) for c in table.c}))


_INSERT_RECEIPT = _insert(SubmissionReceipt.__table__)
_INSERT_RESPONSE = _insert(Response.__table__)
_INSERT_ANSWER = _insert(Answer.__table__)


@dataclass(frozen=True)
class Recorded:
    """What a caller may learn about a stored response."""

    id: str
    submitted_on: date


def record_response(
    survey: Survey,
    state: FormState,
    ev: Evaluation,
    invitation: Invitation | None,
    *,
    submitted_on: date | None = None,
) -> Recorded:
    """Store one response and mark its key used, in the session's transaction.

    The receipt's primary key is the hashed key: of any number of concurrent submissions
    with the same invitation, the database accepts exactly one. Rows are written with three
    plain inserts (receipt, response, answers): the ORM's unit of work cost more than the rest
    of a submission and nothing here needs it. (A respondent's form uses
    ``surveys.submitting.submit``.)

    Args:
        submitted_on: the day to record (the demo spreads its responses); default today.

    Raises:
        DomainError: answers still have errors.
        AlreadySubmitted: the key was used before (the caller must roll back).
    """
    rows = response_rows(survey, state, ev, invitation, submitted_on)
    connection = db.session.connection()
    try:
        for statement, parameters in [(_INSERT_RECEIPT, rows.receipt), *rows.response_inserts()]:
            connection.execute(statement.statement, parameters)
    except IntegrityError as exc:
        raise AlreadySubmitted("already submitted") from exc
    return rows.recorded


@dataclass(frozen=True)
class Rows:
    """A response's rows, and what the caller may learn about it."""

    recorded: Recorded
    receipt: dict[str, Any]
    response: dict[str, Any]
    answers: list[dict[str, Any]]

    def response_inserts(self) -> list[tuple[DriverStatement, Any]]:
        """[(insert, rows)] for the response and its answers (the receipt is the caller's)."""
        writes: list[tuple[DriverStatement, Any]] = [(_INSERT_RESPONSE, self.response)]
        if self.answers:
            writes.append((_INSERT_ANSWER, self.answers))
        return writes


def response_rows(
    survey: Survey,
    state: FormState,
    ev: Evaluation,
    invitation: Invitation | None,
    submitted_on: date | None,
) -> Rows:
    """The rows to store for ``ev``'s answers (``submitted_on``: default today)."""
    if ev.errors:
        raise DomainError("The answers have errors.")
    row: dict[str, Any] = {
        "id": uuid.uuid4().hex,  # random: ids reveal nothing about submission order
        "survey_id": survey.id,
        "language": state.lang,
        "submitted_on": submitted_on or utcnow().date(),
        "org_unit_id": None,
        "respondent_role": None,
        "demographics": {},
        "invitation_id": None,
        "stakeholder_id": None,
    }
    _attributes(survey, row, ev, invitation)
    answers = [
        {"response_id": row["id"], "question_id": q.id, "value": ev.values[q.code]}
        for q in survey.questions
        if q.code in ev.values
    ]
    receipt = {"key_hash": receipt_key(state, invitation), "survey_id": survey.id}
    return Rows(Recorded(row["id"], row["submitted_on"]), receipt, row, answers)


def _attributes(
    survey: Survey, row: dict[str, Any], ev: Evaluation, invitation: Invitation | None
) -> None:
    """Respondent attributes: self-reported answers; directory links only when not anonymous."""
    for question in survey.questions:
        value, maps_to = ev.values.get(question.code), question.settings.get("maps_to")
        if value is None:
            continue
        if maps_to == "org_unit" and str(value).startswith("u") and value[1:].isdigit():
            row["org_unit_id"] = int(value[1:])
        elif maps_to == "role":
            row["respondent_role"] = str(value)
        elif question.type == "demographics":
            row["demographics"] = value
    if invitation is None or survey.anonymity == Anonymity.ANONYMOUS:
        return
    row["invitation_id"], row["stakeholder_id"] = invitation.id, invitation.stakeholder_id
    person = invitation.stakeholder
    if person is not None:
        row["respondent_role"] = row["respondent_role"] or str(person.role)
        if row["org_unit_id"] is None and person.org_units:
            row["org_unit_id"] = person.org_units[0].id


#: rows a survey's daily start count is spread over. Each start locks its row until its
#: transaction commits (on PostgreSQL, after the WAL flush); with one row per day, every start
#: and one-page submission of a survey waited for the previous one's flush.
START_SLOTS = 16


def count_start(survey: Survey) -> None:
    """Add one to today's started count (an upsert, safe under concurrency).

    Raises:
        SurveyChanged: the survey no longer has ``survey.revision`` (nothing is counted).
    """
    statement = start_upsert(db.engine.dialect.name).statement
    options = {"preserve_rowcount": True}  # SQLAlchemy keeps an INSERT's rowcount only if asked
    counted = (
        db.session.connection()
        .execute(statement, start_values(survey), execution_options=options)
        .rowcount
    )
    if counted != 1:
        raise SurveyChanged(survey.slug)


def start_values(survey: Survey) -> dict[str, Any]:
    return {
        "survey_id": survey.id,
        "revision": survey.revision,
        "day": utcnow().date(),
        "slot": randbelow(START_SLOTS),
    }


_START_UPSERTS: dict[str, DriverStatement] = {}


def start_upsert(dialect: str) -> DriverStatement:
    """The start count's upsert, counting only while the survey has the expected revision."""
    found = _START_UPSERTS.get(dialect)
    if found is not None:
        return found
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    table = SurveyStart.__table__
    start = at_revision().add_columns(
        bindparam("day", type_=table.c.day.type),
        bindparam("slot", type_=table.c.slot.type),
        literal(1),
    )
    statement = upsert(table).from_select(["survey_id", "day", "slot", "count"], start)
    statement = statement.on_conflict_do_update(
        index_elements=["survey_id", "day", "slot"], set_={"count": table.c.count + 1}
    )
    found = _START_UPSERTS[dialect] = DriverStatement(statement)
    return found


def answered_summary(survey: Survey, ev: Evaluation, lang: str) -> list[tuple[Any, Any, str]]:
    """(section, localised question, answer text) for the review page."""
    from surveys.wording import localise

    rows = []
    for section in ev.sections:
        for question in section.questions:
            if question.code in ev.visible:
                local = localise(question, lang)
                value = ev.values.get(question.code)
                text = qtypes.get(question.type).display(question, value, local)
                rows.append((section, local, text or _("Not answered")))
    return rows
