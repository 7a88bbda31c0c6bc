"""Surveys over the API: list, detail, definition, responses (read and create), a summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from analysis.reports.statistics import suppression_k
from analysis.stats import suppress_counts
from engage.api.auth import token_roles
from engage.api.blueprint import bp, iso, paginate
from engage.api.errors import ApiError
from engage.audit.services import record
from engage.auth.roles import Role
from engage.extensions import db
from engage.timeutil import utcnow
from surveys import exports, qtypes
from surveys.blueprint import STAFF, get_survey
from surveys.distribution import may_see_respondents
from surveys.models import Anonymity, Survey
from surveys.models import Response as SurveyResponse
from surveys.responding import FormState, evaluate, record_response

#: who may read individual responses over the API
RESPONSE_READERS = (Role.ANALYST, Role.ADMIN)
#: question kinds whose answers are one category each (counted in the summary)
COUNTED = ("categorical", "ordinal", "binary")


def survey_json(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.id,
        "slug": survey.slug,
        "title": survey.title,
        "kind": survey.kind.value,
        "status": survey.status.value,
        "anonymity": survey.anonymity.value,
        "public": survey.public,
        "languages": survey.languages,
        "opens_at": iso(survey.opens_at),
        "closes_at": iso(survey.closes_at),
        "created_at": iso(survey.created_at),
        "questions": len(survey.questions),
    }


@bp.get("/surveys")
@token_roles(*STAFF)
def surveys() -> ResponseReturnValue:
    query = select(Survey).where(Survey.is_template.is_(False))
    return paginate(query.order_by(Survey.created_at.desc(), Survey.id.desc()), survey_json)


@bp.get("/surveys/<id:survey_id>")
@token_roles(*STAFF)
def survey(survey_id: int) -> ResponseReturnValue:
    found = get_survey(survey_id)
    count = db.session.scalar(select(func.count()).where(SurveyResponse.survey_id == found.id))
    return jsonify({**survey_json(found), "responses": count})


@bp.get("/surveys/<id:survey_id>/definition")
@token_roles(*STAFF)
def definition(survey_id: int) -> ResponseReturnValue:
    return jsonify(exports.definition(get_survey(survey_id)))


@bp.get("/surveys/<id:survey_id>/responses")
@token_roles(*RESPONSE_READERS)
def responses(survey_id: int) -> ResponseReturnValue:
    """Answers by question code; for anonymous surveys no invitation or person is named."""
    found = get_survey(survey_id)
    codes = {q.id: q.code for q in found.questions}
    people = may_see_respondents(found, current_user)
    record(current_user, "survey.exported", "survey", found.id, format="api")
    db.session.commit()
    query = (
        select(SurveyResponse)
        .where(SurveyResponse.survey_id == found.id)
        .options(selectinload(SurveyResponse.answers), selectinload(SurveyResponse.org_unit))
        .order_by(SurveyResponse.submitted_on, SurveyResponse.id)
    )
    return paginate(query, lambda r: _response_json(r, codes, people))


def _response_json(item: SurveyResponse, codes: dict[int, str], people: bool) -> dict[str, Any]:
    out = {
        "id": item.id,
        "submitted_on": item.submitted_on.isoformat(),  # the day only, as stored
        "language": item.language,
        "org_unit": item.org_unit.name if item.org_unit else None,
        "respondent_role": item.respondent_role,
        "demographics": item.demographics,
        "answers": {codes[a.question_id]: a.value for a in item.answers if a.question_id in codes},
    }
    if people:
        out["invitation_id"], out["stakeholder_id"] = item.invitation_id, item.stakeholder_id
    return out


@bp.get("/surveys/<id:survey_id>/summary")
@token_roles(*STAFF)
def summary(survey_id: int) -> ResponseReturnValue:
    """Counts by org unit, language and closed-question answer, small cells suppressed."""
    found, k = get_survey(survey_id), suppression_k()
    items = db.session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.survey_id == found.id)
        .options(selectinload(SurveyResponse.answers), selectinload(SurveyResponse.org_unit))
    ).all()
    questions = {}
    for question in found.questions:
        if qtypes.get(question.type).stats_kind in COUNTED:
            values = Counter(
                str(a.value) for r in items for a in r.answers if a.question_id == question.id
            )
            questions[question.code] = _suppressed(values, k)
    return jsonify(
        survey=found.id,
        suppression_k=k,
        responses=len(items),
        org_units=_suppressed(Counter(r.org_unit.name if r.org_unit else "" for r in items), k),
        languages=_suppressed(Counter(r.language for r in items), k),
        questions=questions,
    )


def _suppressed(counts: Counter[str], k: int) -> dict[str, int | None]:
    """Cell -> count, None where hidden (fewer than k, or derivable from the total)."""
    hidden = suppress_counts(counts, k)
    return {key: (None if key in hidden else n) for key, n in sorted(counts.items())}


@bp.post("/surveys/<id:survey_id>/responses")
@token_roles(*STAFF, write=True)
def create_response(survey_id: int) -> ResponseReturnValue:
    """Record one response (kiosks, other front ends); answers are checked as on the web."""
    found = get_survey(survey_id)
    body = _body({"language", "answers"})
    language = body.get("language", "en")
    if language not in found.languages:
        raise ApiError(422, f"'language' must be one of {', '.join(found.languages)}.")
    if not found.public or not found.accepting_at(utcnow()):
        raise ApiError(422, "The survey is not open for answers through a public link.")
    ev = evaluate(found, _raw(found, body.get("answers", {})))
    if ev.errors:
        raise ApiError(422, "Some answers are not acceptable.", fields=ev.errors)
    created = record_response(found, FormState(found.id, language), ev, None)
    db.session.commit()
    out: dict[str, Any] = {"submitted_on": created.submitted_on.isoformat()}
    if found.anonymity != Anonymity.ANONYMOUS:
        out["id"] = created.id  # an id handed over at submission time would date it exactly
    return jsonify(out), 201


def _body(allowed: set[str]) -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object with Content-Type: application/json.")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(400, f"Unknown field(s): {', '.join(unknown)}.")
    return body


def _raw(survey: Survey, answers: Any) -> dict[str, list[str]]:
    """JSON answers -> the form fields a respondent page posts (``q.<code>[.<part>]``)."""
    if not isinstance(answers, dict):
        raise ApiError(400, "'answers' must be an object of question code -> answer.")
    known = {q.code for q in survey.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ApiError(422, f"Unknown question code(s): {', '.join(map(str, unknown))[:300]}.")
    raw: dict[str, list[str]] = {}
    for code, value in answers.items():
        parts = value.items() if isinstance(value, dict) else [("", value)]
        for part, item in parts:
            name = f"q.{code}.{part}" if part else f"q.{code}"
            raw[name] = [_cell(i) for i in (item if isinstance(item, list) else [item])]
    return raw


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if value is None or isinstance(value, (str, int, float)):
        return "" if value is None else str(value)
    raise ApiError(400, "Answers are text, numbers, lists of them, or objects of them.")
