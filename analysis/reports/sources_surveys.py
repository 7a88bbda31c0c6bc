"""Evidence from survey answers to open (text) questions.

Group attributes come from the response: the org unit (under its kind, e.g. ``department``),
the respondent's role, the language answered in, and the demographics block. Survey answers
are never quotable outside analysis: respondents were not asked for permission to be quoted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from analysis.nlp import EvidenceUnit
from analysis.reports.sources import Source, in_dates, in_languages, in_org_units, register
from engage.directory.models import OrgUnit
from engage.extensions import db
from surveys.models import Answer, Question, Response, Survey

NAME = "survey"
TEXT_TYPES = ("short_text", "long_text")


def _question_ids(scope: dict[str, Any]) -> list[int]:
    return [int(i) for i in (scope.get("sources", {}).get(NAME) or {}).get("ids", [])]


def provide(scope: dict[str, Any]) -> list[EvidenceUnit]:
    """Text answers to the picked questions, within the scope's dates, languages, org units."""
    rows = db.session.execute(
        select(Answer, Response, Question, Survey.title)
        .join(Response, Answer.response_id == Response.id)
        .join(Question, Answer.question_id == Question.id)
        .join(Survey, Question.survey_id == Survey.id)
        .where(Answer.question_id.in_(_question_ids(scope)), Question.type.in_(TEXT_TYPES))
    ).all()
    units = {o.id: o for o in db.session.scalars(select(OrgUnit))}
    out = []
    for answer, response, question, title in rows:
        if not (
            isinstance(answer.value, str)
            and in_dates(response.submitted_on, scope)
            and in_languages(response.language, scope)
            and in_org_units([response.org_unit_id], scope)
        ):
            continue
        out.append(
            EvidenceUnit(
                f"answer:{response.id}:{question.id}",
                answer.value,
                f"survey:{question.survey_id}/question:{question.id}",
                respondent_attributes(response, units.get(response.org_unit_id), title),
            )  # fmt: skip
        )
    return out


def respondent_attributes(response: Response, unit: OrgUnit | None, survey: str) -> dict[str, str]:
    """The group columns of one response (also used for closed-question breakdowns)."""
    attrs = {"survey": survey, "language": response.language}
    if unit is not None:
        attrs[str(unit.kind)] = unit.name
    if response.respondent_role:
        attrs["role"] = response.respondent_role
    for key, value in (response.demographics or {}).items():
        if key in ("race", "gender", "age"):
            attrs[key] = "+".join(sorted(value)) if isinstance(value, list) else str(value)
    return attrs


def options() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Question.id, Question.code, Question.text, Survey.title)
        .join(Survey, Question.survey_id == Survey.id)
        .where(Question.type.in_(TEXT_TYPES))
        .order_by(Survey.title, Question.position)
    )
    return [(str(i), f"{title} — {code}: {text[:80]}") for i, code, text, title in rows]


def respondent(unit_id: str) -> str:
    return "response:" + unit_id.split(":")[1]


register(Source(NAME, "Survey questions", provide, options, respondent=respondent))
