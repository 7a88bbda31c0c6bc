"""Answering a survey: the respondent's form state, skip logic, validation and submission.

The answers in progress travel with the page in a signed hidden field (and, on request, as a
resume code the respondent keeps). Nothing about an unfinished questionnaire is stored on the
server, which is what lets anonymous drafts stay unlinkable.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from surveys import conditions, qtypes
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


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="surveys.form-state")


def dump_state(state: FormState) -> str:
    return _serializer().dumps(asdict(state))


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


def receipt_key(state: FormState) -> str:
    """Invitations are single use; a public form session is single use too (double submits)."""
    from surveys.distribution import token_hash

    return token_hash(state.token) if state.token else _hash("form:" + state.key)


def record_response(
    survey: Survey, state: FormState, ev: Evaluation, invitation: Invitation | None
) -> Response:
    """Store one response and mark its key used, atomically.

    The receipt's primary key is the hashed key: of any number of concurrent submissions
    with the same invitation, the database accepts exactly one.

    Raises:
        DomainError: answers still have errors.
        AlreadySubmitted: the key was used before (the caller must roll back).
    """
    if ev.errors:
        raise DomainError("The answers have errors.")
    response = Response(survey_id=survey.id, language=state.lang, submitted_on=utcnow().date())
    _attributes(survey, response, ev, invitation)
    for question in survey.questions:
        if question.code in ev.values:
            response.answers.append(Answer(question_id=question.id, value=ev.values[question.code]))
    db.session.add(SubmissionReceipt(key_hash=receipt_key(state), survey_id=survey.id))
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise AlreadySubmitted("already submitted") from exc
    return response


def _attributes(
    survey: Survey, response: Response, ev: Evaluation, invitation: Invitation | None
) -> None:
    """Respondent attributes: self-reported answers; directory links only when not anonymous."""
    for question in survey.questions:
        value, maps_to = ev.values.get(question.code), question.settings.get("maps_to")
        if value is None:
            continue
        if maps_to == "org_unit" and str(value).startswith("u") and value[1:].isdigit():
            response.org_unit_id = int(value[1:])
        elif maps_to == "role":
            response.respondent_role = str(value)
        elif question.type == "demographics":
            response.demographics = value
    if invitation is None or survey.anonymity == Anonymity.ANONYMOUS:
        return
    response.invitation_id, response.stakeholder_id = invitation.id, invitation.stakeholder_id
    person = invitation.stakeholder
    if person is not None:
        response.respondent_role = response.respondent_role or str(person.role)
        if response.org_unit_id is None and person.org_units:
            response.org_unit_id = person.org_units[0].id


def count_start(survey: Survey) -> None:
    """Add one to today's started count (an upsert, safe under concurrency)."""
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(SurveyStart).values(survey_id=survey.id, day=utcnow().date(), count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["survey_id", "day"], set_={"count": SurveyStart.count + 1}
    )
    db.session.execute(statement)


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
