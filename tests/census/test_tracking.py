"""Benchmarks (baselines, values, status), initiatives and the public "you said, we did" page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.census import benchmarks, initiatives, waves
from engage.census.models import Benchmark, Wave
from engage.census.trajectory import Status
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from tests.census.conftest import Actor, full_answers
from tests.conftest import EngageClient


def _values(unit: OrgUnit, **changes: Any) -> dict[str, Any]:
    values = {
        "name": "Vital documents translated",
        "org_unit_id": unit.id,
        "metric_kind": "manual",
        "source": "Language access audit",
        "unit_label": "%",
        "baseline_value": 20.0,
        "baseline_date": date(2025, 1, 1),
        "target_value": 80.0,
        "due_date": date(2027, 1, 1),
    }
    return {**values, **changes}


def test_a_benchmark_needs_a_baseline_and_a_due_date_after_it(
    department: Callable[[str], OrgUnit],
) -> None:
    unit = department("Parks")
    with pytest.raises(DomainError, match="needs a baseline"):
        benchmarks.save_benchmark(None, _values(unit, baseline_value=None), Actor())
    with pytest.raises(DomainError, match="after the baseline date"):
        benchmarks.save_benchmark(None, _values(unit, due_date=date(2024, 6, 1)), Actor())
    with pytest.raises(DomainError, match="source"):
        benchmarks.save_benchmark(None, _values(unit, source=""), Actor())
    with pytest.raises(DomainError, match="rubric dimension"):
        benchmarks.save_benchmark(None, _values(unit, metric_kind="census"), Actor())
    assert db.session.scalar(select(Benchmark)) is None


def test_values_build_a_history_and_move_the_status(department: Callable[[str], OrgUnit]) -> None:
    benchmark = benchmarks.save_benchmark(None, _values(department("Parks")), Actor())
    assert benchmarks.status(benchmark, date(2026, 1, 1)).status == Status.NOT_MEASURED
    with pytest.raises(DomainError, match="before the baseline"):
        benchmarks.record_value(benchmark, 30, date(2024, 1, 1), "", Actor())
    benchmarks.record_value(benchmark, 25, date(2025, 7, 2), "audit", Actor())
    assert benchmarks.status(benchmark, date(2025, 8, 1)).status == Status.OFF_TRACK
    benchmarks.record_value(benchmark, 50, date(2026, 1, 1), "audit", Actor())
    assert [v.value for v in benchmark.values] == [25, 50]
    assert benchmarks.status(benchmark, date(2026, 1, 1)).status == Status.ON_TRACK


def test_a_census_benchmark_takes_the_reviewed_level_from_a_wave(
    make_wave: Callable[..., Wave],
) -> None:
    wave = make_wave()
    parks = (
        wave.assessments[0].org_unit
        if wave.assessments[0].org_unit.name == "Parks"
        else wave.assessments[1].org_unit
    )
    benchmark = benchmarks.save_benchmark(
        None,
        _values(
            parks,
            metric_kind="census",
            dimension_key="language",
            baseline_value=1.0,
            target_value=3.0,
            source="",
        ),
        Actor(),
    )
    wave.open()
    with pytest.raises(DomainError, match="no score"):
        benchmarks.value_from_wave(benchmark, wave, Actor())
    assessment = next(a for a in wave.assessments if a.org_unit_id == parks.id)
    waves.submit_assessment(assessment, full_answers(wave, 3), Actor())
    language = next(s for s in assessment.scores if s.dimension.key == "language")
    waves.review_score(language, 2, "Only Spanish translations", Actor())
    entry = benchmarks.value_from_wave(benchmark, wave, Actor())
    assert entry.value == 2.0 and "Census 2026" in entry.source


def _theme(label: str, state: ReportState, **fields: Any) -> Theme:
    run = AnalysisRun(title=f"Report {label}", status=RunStatus.FINISHED, state=state)
    db.session.add(run)
    db.session.flush()
    theme = Theme(run_id=run.id, label=label, respondents=12, **fields)
    db.session.add(theme)
    db.session.flush()
    return theme


def test_initiatives_link_themes_benchmarks_and_units(department: Callable[[str], OrgUnit]) -> None:
    unit = department("Parks")
    theme = _theme("Bus routes to parks", ReportState.PUBLISHED)
    benchmark = benchmarks.save_benchmark(None, _values(unit), Actor())
    with pytest.raises(DomainError, match="end date is before"):
        initiatives.save_initiative(
            None,
            {
                "title": "T",
                "owner": "O",
                "starts_on": date(2026, 2, 1),
                "ends_on": date(2026, 1, 1),
            },
            Actor(),
        )
    saved = initiatives.save_initiative(
        None,
        {
            "title": "Park shuttles",
            "owner": "Parks",
            "status": "in_progress",
            "org_units": [unit.id],
            "themes": [theme.id],
            "benchmarks": [benchmark.id],
        },
        Actor(),
    )
    db.session.commit()
    assert [u.name for u in saved.org_units] == ["Parks"]
    assert [t.id for t in saved.themes] == [theme.id]
    assert initiatives.for_benchmark(benchmark) == [saved]


def test_public_page_lists_only_published_themes_with_public_initiatives(
    app: Flask, client: EngageClient, ctx: Flask
) -> None:
    shown = _theme(
        "Language access at clinics",
        ReportState.PUBLISHED,
        curated_summary="Interpreters were hard to get.",
    )
    draft = _theme("Secret draft theme", ReportState.DRAFT)
    set_aside = _theme("Set aside theme", ReportState.PUBLISHED, not_relevant=True)
    quiet = _theme("Published but unanswered publicly", ReportState.PUBLISHED)
    for title, theme, public in (
        ("Interpreter line", shown, True),
        ("Draft answer", draft, True),
        ("Aside answer", set_aside, True),
        ("Internal only", quiet, False),
    ):
        initiatives.save_initiative(
            None,
            {"title": title, "owner": "Office of Equity", "themes": [theme.id], "public": public},
            Actor(),
        )
    db.session.commit()
    page = client.get("/census/you-said-we-did")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Language access at clinics" in html and "Interpreter line" in html
    assert "Interpreters were hard to get." in html
    for hidden in (
        "Secret draft theme",
        "Draft answer",
        "Set aside theme",
        "Aside answer",
        "Published but unanswered publicly",
        "Internal only",
    ):
        assert hidden not in html
