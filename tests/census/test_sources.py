"""What the census reads from other packages: a survey item's agreement share as a benchmark
value, and a department's themes from a published report whose scope names it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import benchmarks, landscape
from engage.census.models import Benchmark, BenchmarkValue
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from surveys.models import Answer, Question, Response, Section, Survey, SurveyKind
from tests.census.conftest import Actor, lead_of
from tests.conftest import EngageClient

#: Parks' answers on a 5-point scale: 7 of 12 in the top-2 box (4 or 5) agree.
PARKS_ANSWERS = (5, 4, 4, 5, 3, 2, 1, 4, 5, 3, 4, 2)


def _likert_survey(answers: dict[OrgUnit, tuple[Any, ...]]) -> Question:
    """A census survey with one 5-point Likert statement, answered per department. Flushes."""
    survey = Survey(slug="census-2026", title="Census 2026", kind=SurveyKind.CENSUS)
    db.session.add(survey)
    db.session.flush()
    section = Section(survey_id=survey.id, title="Practice")
    db.session.add(section)
    db.session.flush()
    question = Question(
        survey_id=survey.id,
        section_id=section.id,
        code="heard",
        type="likert",
        text="My department acts on what residents tell it.",
        options=[],
        settings={"points": 5},
    )
    db.session.add(question)
    db.session.flush()
    for unit, values in answers.items():
        for value in values:
            response = Response(survey_id=survey.id, submitted_on=date(2026, 3, 1))
            response.org_unit_id = unit.id
            db.session.add(response)
            db.session.flush()
            db.session.add(Answer(response_id=response.id, question_id=question.id, value=value))
    db.session.flush()
    return question


def _survey_benchmark(unit: OrgUnit, question: Question) -> Benchmark:
    values = {
        "name": f"{unit.name} staff who say residents are heard",
        "org_unit_id": unit.id,
        "metric_kind": "survey",
        "question_id": question.id,
        "unit_label": "%",
        "baseline_value": 40.0,
        "baseline_date": date(2025, 1, 1),
        "target_value": 70.0,
        "due_date": date(2028, 1, 1),
    }
    return benchmarks.save_benchmark(None, values, Actor())


def test_a_survey_benchmark_records_the_departments_agreement_share(
    department: Callable[[str], OrgUnit],
) -> None:
    parks, zoo = department("Parks"), department("Zoo")
    # A text answer among Parks' and another department's answers must not count.
    question = _likert_survey({parks: (*PARKS_ANSWERS, "no answer"), zoo: (5,) * 20})
    benchmark = _survey_benchmark(parks, question)
    value = benchmarks.value_from_survey(benchmark, Actor(), today=date(2026, 4, 1))
    assert (value.value, value.as_of) == (58.3, date(2026, 4, 1))
    assert value.source == "Survey: Census 2026 (12 answers)"
    assert benchmarks.status(benchmark, date(2026, 4, 1)).projected is not None


def test_fewer_answers_than_k_are_refused_and_nothing_recorded(
    department: Callable[[str], OrgUnit],
) -> None:
    zoo = department("Zoo")
    benchmark = _survey_benchmark(zoo, _likert_survey({zoo: (5, 5, 4)}))
    with pytest.raises(DomainError, match="Fewer than 10 answers"):
        benchmarks.value_from_survey(benchmark, Actor())
    assert db.session.scalar(select(BenchmarkValue)) is None


def test_only_survey_benchmarks_on_a_likert_item_measure_from_a_survey(
    department: Callable[[str], OrgUnit],
) -> None:
    parks = department("Parks")
    question = _likert_survey({parks: PARKS_ANSWERS})
    benchmark = _survey_benchmark(parks, question)
    question.type = "long_text"
    with pytest.raises(DomainError, match="does not follow a Likert"):
        benchmarks.value_from_survey(benchmark, Actor())
    question.type, benchmark.metric_kind = "likert", "manual"
    with pytest.raises(DomainError, match="does not follow a Likert"):
        benchmarks.value_from_survey(benchmark, Actor())


def test_an_analyst_measures_a_survey_benchmark_from_its_page(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    with app.app_context():
        parks = OrgUnit(kind="department", name="Parks")
        db.session.add(parks)
        db.session.flush()
        benchmark_id = _survey_benchmark(parks, _likert_survey({parks: PARKS_ANSWERS})).id
        db.session.commit()
    login_as(Role.ANALYST)
    response = client.post_form(f"/census/benchmarks/{benchmark_id}/measure", {})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(BenchmarkValue.value)).all() == [58.3]


def _run(title: str, scope: dict[str, Any], published: bool, days_ago: int) -> AnalysisRun:
    run = AnalysisRun(
        title=title,
        scope=scope,
        status=RunStatus.FINISHED,
        state=ReportState.PUBLISHED if published else ReportState.DRAFT,
        published_at=datetime(2026, 6, 1, tzinfo=UTC) - timedelta(days=days_ago)
        if published
        else None,
    )
    db.session.add(run)
    db.session.flush()
    return run


def _theme(run: AnalysisRun, label: str, respondents: int, **extra: Any) -> Theme:
    theme = Theme(run_id=run.id, label=label, respondents=respondents, units=respondents, **extra)
    db.session.add(theme)
    db.session.flush()
    return theme


@pytest.fixture
def reports(app: Flask) -> dict[str, int]:
    """Parks is named by one published report; a newer county-wide report and a newer draft
    that names Parks must both be passed over. Zoo is named by no report."""
    with app.app_context():
        parks, zoo = (OrgUnit(kind="department", name=n) for n in ("Parks", "Zoo"))
        db.session.add_all([parks, zoo])
        db.session.flush()
        scoped = _run("Parks listening tour", {"org_units": [str(parks.id)]}, True, 30)
        kept = _theme(scoped, "Trail upkeep", 9)
        _theme(scoped, "Pool hours", 14, curated_label="Longer pool hours")
        _theme(scoped, "Off topic", 20, not_relevant=True)
        _theme(scoped, "Trail repairs", 5, merged_into_id=kept.id)
        _theme(scoped, "Nobody left", 0)
        _theme(_run("County-wide survey", {}, True, 1), "Bus frequency", 40)
        _theme(_run("Parks draft", {"org_units": [parks.id]}, False, 0), "Unpublished", 50)
        db.session.commit()
        return {"parks": parks.id, "zoo": zoo.id, "run": scoped.id}


def test_department_themes_come_from_the_newest_published_report_naming_it(
    app: Flask, reports: dict[str, int]
) -> None:
    with app.app_context():
        run, themes = landscape.department_themes(db.session.get(OrgUnit, reports["parks"]))
        assert run is not None and run.id == reports["run"]
        assert [t.title for t in themes] == ["Longer pool hours", "Trail upkeep"]
        assert landscape.department_themes(db.session.get(OrgUnit, reports["zoo"])) == (None, [])


def test_a_lead_sees_their_departments_themes_beside_its_scores(
    app: Flask, client: EngageClient, make_user: Callable[..., User], reports: dict[str, int]
) -> None:
    lead = make_user(Role.VIEWER)
    lead_of(app, lead.id, reports["parks"])
    client.login(lead.email)
    html = client.get(f"/census/departments/{reports['parks']}").get_data(as_text=True)
    assert "Parks listening tour" in html and "Longer pool hours" in html
    for hidden in ("Off topic", "Trail repairs", "Bus frequency", "Unpublished"):
        assert hidden not in html
    assert client.get(f"/census/departments/{reports['zoo']}").status_code == 403
