"""Rubric versioning, the wave lifecycle, self-assessment and review with reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.census import rubrics, waves
from engage.census.models import Rubric, Score, Wave, WaveStatus
from engage.demo.seed import milwaukee
from engage.errors import DomainError
from engage.extensions import db
from tests.census.conftest import Actor, full_answers


def _dims(rubric: Rubric) -> list[dict[str, Any]]:
    return [
        {
            "key": d.key,
            "name": d.name,
            "focus_area": d.focus_area,
            "objective": d.objective,
            "descriptors": dict(d.descriptors),
        }
        for d in rubric.dimensions
    ]


def test_default_rubric_follows_the_strategic_plan(rubric: Rubric) -> None:
    plan = milwaukee()["strategic_plan"]["focus_areas"]
    assert [d.key for d in rubric.dimensions] == [
        "leadership",
        "data",
        "community",
        "workforce",
        "budgeting",
        "language",
    ]
    for dim in rubric.dimensions:
        assert dim.objective in plan[dim.focus_area]
        assert all(dim.descriptor(level) for level in (1, 2, 3, 4))
    assert {d.focus_area for d in rubric.dimensions} == set(plan)
    assert rubrics.ensure_default_rubric(milwaukee()["strategic_plan"]).id == rubric.id


def test_editing_makes_a_new_version_and_old_waves_keep_theirs(
    rubric: Rubric, make_wave: Callable[..., Wave]
) -> None:
    wave = make_wave()
    dims = _dims(rubric)
    dims[0]["descriptors"]["4"] = "Leaders publish an annual equity report."
    dims.append(
        {"key": "", "name": "Procurement", "descriptors": {str(i): f"L{i}" for i in range(1, 5)}}
    )
    new = rubrics.revise_rubric(rubric, "Equity maturity rubric", dims, "Clearer level 4", Actor())
    db.session.commit()
    assert (new.version, new.current) == (2, True)
    db.session.refresh(rubric)
    assert rubric.current is False
    assert rubric.dimensions[0].descriptor(4) != "Leaders publish an annual equity report."
    assert new.dimensions[0].descriptor(4) == "Leaders publish an annual equity report."
    assert new.dimensions[-1].key == "procurement"
    assert db.session.get(Wave, wave.id).rubric_id == rubric.id
    assert rubrics.current_rubric().id == new.id
    with pytest.raises(DomainError, match="current version"):
        rubrics.revise_rubric(rubric, "x", _dims(rubric), "again", Actor())


def test_a_revision_needs_every_level_described_and_a_note(rubric: Rubric) -> None:
    dims = _dims(rubric)
    dims[1]["descriptors"]["3"] = " "
    with pytest.raises(DomainError, match="Data and disaggregation: describe level 3"):
        rubrics.revise_rubric(rubric, "t", dims, "note", Actor())
    with pytest.raises(DomainError, match="what changed"):
        rubrics.revise_rubric(rubric, "t", _dims(rubric), "", Actor())
    assert db.session.scalar(select(Rubric).where(Rubric.version == 2)) is None


def test_wave_lifecycle_draft_open_closed(make_wave: Callable[..., Wave]) -> None:
    wave = make_wave()
    with pytest.raises(DomainError, match="Only an open wave"):
        wave.close()
    wave.open()
    assert wave.status == WaveStatus.OPEN and wave.opened_at is not None
    with pytest.raises(DomainError, match="Only a draft"):
        wave.open()
    with pytest.raises(DomainError, match="only be changed while the wave is a draft"):
        waves.save_wave(
            wave,
            title=wave.title,
            rubric=wave.rubric,
            org_unit_ids=[wave.assessments[0].org_unit_id],
            survey_id=None,
            actor=None,
        )
    wave.close()
    assert wave.status == WaveStatus.CLOSED
    with pytest.raises(DomainError):
        wave.open()


def test_an_empty_wave_cannot_open(rubric: Rubric) -> None:
    wave = waves.save_wave(
        None, title="Empty", rubric=rubric, org_unit_ids=[], survey_id=None, actor=None
    )
    with pytest.raises(DomainError, match="at least one department"):
        wave.open()


def test_self_assessment_refuses_levels_off_the_scale(make_wave: Callable[..., Wave]) -> None:
    wave = make_wave()
    assessment = wave.assessments[0]
    with pytest.raises(DomainError, match="not open"):
        waves.submit_assessment(assessment, full_answers(wave), Actor())
    wave.open()
    answers = full_answers(wave)
    answers[2].level = 5
    with pytest.raises(DomainError, match="Community engagement: levels run from 1 to 4"):
        waves.submit_assessment(assessment, answers, Actor())
    answers[2].level = None
    with pytest.raises(DomainError, match="Community engagement: choose a level"):
        waves.submit_assessment(assessment, answers, Actor())
    assert assessment.scores == [] and assessment.submitted_at is None
    waves.submit_assessment(assessment, full_answers(wave, 3), Actor())
    assert [s.self_level for s in assessment.scores] == [3] * 6
    assert assessment.scores[0].evidence_links == "https://example.org/plan"


def test_review_keeps_both_levels_with_a_reason_and_is_audited(
    make_wave: Callable[..., Wave],
) -> None:
    wave = make_wave()
    wave.open()
    waves.submit_assessment(wave.assessments[0], full_answers(wave, 3), Actor())
    score = wave.assessments[0].scores[0]
    with pytest.raises(DomainError, match="reason"):
        waves.review_score(score, 2, "  ", Actor())
    with pytest.raises(DomainError, match="from 1 to 4"):
        waves.review_score(score, 0, "too high", Actor())
    waves.review_score(score, 2, "No named owner in the plan.", Actor())
    db.session.commit()
    saved = db.session.get(Score, score.id)
    assert (saved.self_level, saved.reviewed_level, saved.level) == (3, 2, 2)
    assert saved.review_reason == "No named owner in the plan."
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "census.score_reviewed")
    )
    assert event.detail["self_level"] == 3 and event.detail["after"] == 2
