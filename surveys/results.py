"""Looking at responses: filtered lists, monitoring counts with suppression, deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from analysis.stats import suppress_counts
from engage.audit.services import record
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from surveys.distribution import invitation_counts
from surveys.models import Response, Survey, SurveyStart


@dataclass
class Filters:
    org_unit_id: int | None = None
    language: str = ""
    since: date | None = None
    until: date | None = None


def response_query(survey: Survey, filters: Filters) -> Select[tuple[Response]]:
    query = select(Response).where(Response.survey_id == survey.id)
    if filters.org_unit_id:
        query = query.where(Response.org_unit_id == filters.org_unit_id)
    if filters.language:
        query = query.where(Response.language == filters.language)
    if filters.since:
        query = query.where(Response.submitted_on >= filters.since)
    if filters.until:
        query = query.where(Response.submitted_on <= filters.until)
    # Random ids: ordering by id is meaningless but stable; it reveals nothing about order.
    return query.order_by(Response.submitted_on.desc(), Response.id)


@dataclass
class Breakdown:
    """One table on the monitoring page; hidden cells are below the suppression threshold."""

    title: str
    rows: list[tuple[str, int | None]]
    hidden: int


def _breakdown(title: str, counts: dict[Any, int], label: Any = str) -> Breakdown:
    k = current_app.config["ENGAGE_SUPPRESSION_K"]
    hidden = suppress_counts(counts, k) if counts else set()
    rows = [
        (label(key), None if key in hidden else n)
        for key, n in sorted(counts.items(), key=lambda kv: str(kv[0]))
    ]
    return Breakdown(title, rows, len(hidden))


def _grouped(survey: Survey, column: Any) -> dict[Any, int]:
    query = select(column, func.count()).where(Response.survey_id == survey.id)
    return {key: n for key, n in db.session.execute(query.group_by(column))}


def monitoring(survey: Survey) -> dict[str, Any]:
    """Totals, responses per day, completion, by org unit and by language (suppressed)."""
    total = (
        db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id))
        or 0
    )
    started = db.session.scalar(
        select(func.coalesce(func.sum(SurveyStart.count), 0)).where(
            SurveyStart.survey_id == survey.id
        )
    )
    units = {u.id: u.name for u in db.session.scalars(select(OrgUnit))}
    return {
        "total": total,
        "started": started,
        "completion": round(100 * total / started) if started else None,
        "invitations": invitation_counts(survey),
        "per_day": _breakdown(
            "Responses per day", _grouped(survey, Response.submitted_on), lambda d: d.isoformat()
        ),
        "by_unit": _breakdown(
            "By org unit",
            _grouped(survey, Response.org_unit_id),
            lambda key: units.get(key, "not given"),
        ),
        "by_language": _breakdown("By language", _grouped(survey, Response.language)),
    }


def delete_response(survey: Survey, response_id: str, reason: str, actor: Any) -> None:
    """Delete one response and its answers; the reason goes to the audit log."""
    response = db.session.get(Response, response_id)
    if response is None or response.survey_id != survey.id:
        raise DomainError("That response does not exist.")
    if not reason.strip():
        raise DomainError("Give a reason for deleting the response.")
    db.session.delete(response)
    db.session.flush()
    record(
        actor, "response.deleted", "survey", survey.id, response=response_id, reason=reason.strip()
    )
