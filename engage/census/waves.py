"""Wave use cases: departments in a wave, lifecycle, self-assessment and analyst review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.census.models import LEVELS, Assessment, Rubric, Score, Wave, WaveStatus
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow


@dataclass
class Answer:
    """One dimension of a self-assessment as the lead entered it (level may be missing)."""

    dimension_id: int
    level: int | None
    links: str = ""
    notes: str = ""


def all_waves() -> list[Wave]:
    return list(db.session.scalars(select(Wave).order_by(Wave.created_at.desc(), Wave.id.desc())))


def save_wave(
    wave: Wave | None,
    *,
    title: str,
    rubric: Rubric,
    org_unit_ids: list[int],
    survey_id: int | None,
    actor: Any,
) -> Wave:
    """Create a wave, or change a draft's title, departments and questionnaire.

    The rubric is fixed when the wave is created: later rubric versions do not touch it.

    Raises:
        DomainError: when departments change after opening, or an id is not a department.
    """
    if not title.strip():
        raise DomainError("Give the wave a title, for example 'Census 2026'.")
    units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(org_unit_ids))))
    if len(units) != len(set(org_unit_ids)) or any(u.kind != OrgUnitKind.DEPARTMENT for u in units):
        raise DomainError("Only departments take part in a census wave.")
    if wave is None:
        wave = Wave(rubric_id=rubric.id)
        db.session.add(wave)
    elif {a.org_unit_id for a in wave.assessments} != set(org_unit_ids):
        wave.require_draft()
    wave.title, wave.survey_id = title.strip(), survey_id
    kept = {a.org_unit_id: a for a in wave.assessments}
    wave.assessments = [kept.get(u.id) or Assessment(org_unit_id=u.id) for u in units]
    db.session.flush()
    record(actor, "census.wave_saved", "wave", wave.id, departments=len(units))
    return wave


def change_status(wave: Wave, action: str, actor: Any) -> None:
    """Open or close a wave (``action`` is "open" or "close").

    Raises:
        DomainError: when the wave is not in the state the action starts from.
    """
    if action == "open":
        wave.open()
    elif action == "close":
        wave.close()
    else:
        raise DomainError(f"Unknown wave action {action!r}.")
    db.session.flush()
    record(actor, f"census.wave_{wave.status.value}", "wave", wave.id)


def submit_assessment(assessment: Assessment, answers: list[Answer], actor: Any) -> None:
    """Record a department's self-assessment: a level and evidence for every dimension.

    Raises:
        DomainError: when the wave is not open, a dimension is missing, or a level is off
            the rubric's scale. Nothing is saved then.
    """
    if assessment.wave.status != WaveStatus.OPEN:
        raise DomainError("This wave is not open for answers.")
    given = {a.dimension_id: a for a in answers}
    for dimension in assessment.wave.rubric.dimensions:
        answer = given.get(dimension.id)
        if answer is None or answer.level is None:
            raise DomainError(f"{dimension.name}: choose a level.")
        if answer.level not in LEVELS:
            raise DomainError(f"{dimension.name}: levels run from 1 to {LEVELS[-1]}.")
    for dimension in assessment.wave.rubric.dimensions:
        answer = given[dimension.id]
        score = assessment.score_for(dimension.id)
        if score is None:
            score = Score(dimension_id=dimension.id, self_level=answer.level)
            assessment.scores.append(score)
        score.self_level = answer.level
        score.evidence_links, score.evidence_notes = answer.links.strip(), answer.notes.strip()
    assessment.submitted_at, assessment.submitted_by_id = utcnow(), actor.id
    db.session.flush()
    record(actor, "census.assessment_submitted", "assessment", assessment.id)


def review_score(score: Score, level: int | None, reason: str, actor: Any) -> None:
    """An analyst sets the level that counts; the department's own level is kept beside it.

    Raises:
        DomainError: when the level is off the scale, the reason is missing, or the wave is
            still a draft.
    """
    if score.assessment.wave.status == WaveStatus.DRAFT:
        raise DomainError("Scores can be reviewed once the wave is open.")
    if level not in LEVELS:
        raise DomainError(f"Choose a level from 1 to {LEVELS[-1]}.")
    if not reason.strip():
        raise DomainError("Give a reason for the reviewed level; the department will see it.")
    before = score.level
    score.reviewed_level, score.review_reason = level, reason.strip()
    score.reviewed_by_id, score.reviewed_at = actor.id, utcnow()
    db.session.flush()
    record(
        actor,
        "census.score_reviewed",
        "score",
        score.id,
        self_level=score.self_level,
        before=before,
        after=level,
        reason=score.review_reason,
    )
