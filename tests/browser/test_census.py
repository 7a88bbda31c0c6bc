"""The census journey in Chromium: an admin opens a wave, the Parks lead answers it, an analyst
reviews a score, and the heatmap and a benchmark update; every page passes axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.census import benchmarks, rubrics, waves
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from tests.census.conftest import lead_of

pytestmark = pytest.mark.browser


def _draft_wave(app: Flask) -> dict[str, Any]:
    with app.app_context():
        rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
        units = [OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=n) for n in ("Parks", "Zoo")]
        db.session.add_all(units)
        db.session.flush()
        wave = waves.save_wave(
            None,
            title="Census 2026",
            rubric=rubric,
            survey_id=None,
            org_unit_ids=[u.id for u in units],
            actor="test",
        )
        benchmark = benchmarks.save_benchmark(
            None,
            {
                "name": "Permits in Spanish and Hmong",
                "org_unit_id": units[0].id,
                "metric_kind": "manual",
                "source": "Permit office",
                "unit_label": "%",
                "baseline_value": 10.0,
                "baseline_date": date(2025, 1, 1),
                "target_value": 90.0,
                "due_date": date(2030, 1, 1),
            },
            "test",
        )
        db.session.commit()
        parks = next(a for a in wave.assessments if a.org_unit_id == units[0].id)
        return {
            "wave": wave.id,
            "parks": parks.id,
            "parks_unit": units[0].id,
            "benchmark": benchmark.id,
            "dims": [d.id for d in rubric.dimensions],
        }


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")


def test_census_journey(
    app: Flask,
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
) -> None:
    ids = _draft_wave(app)
    sign_in(page, Role.ADMIN)
    page.goto(f"/census/waves/{ids['wave']}")
    assert_accessible(page)
    page.get_by_role("button", name="Open the wave").click()
    assert page.get_by_text("The wave is now open.").is_visible()
    _sign_out(page)

    lead = sign_in(page, Role.VIEWER)
    lead_of(app, lead.id, ids["parks_unit"])
    page.goto("/")
    page.get_by_role("link", name="Answer the census: Census 2026").click()
    assert_accessible(page)
    for dim in ids["dims"][1:]:
        page.locator(f"#level-{dim}-3").check()
    page.get_by_role("button", name="Save the self-assessment").click()
    assert page.get_by_role("alert").is_visible()  # the first dimension had no level
    assert page.locator(f"#level-{ids['dims'][1]}-3").is_checked()  # nothing lost
    assert_accessible(page)
    page.locator(f"#level-{ids['dims'][0]}-3").check()
    page.get_by_label("Evidence: notes").first.fill("Equity plan adopted in 2025.")
    page.get_by_role("button", name="Save the self-assessment").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Parks: equity census"
    assert_accessible(page)
    _sign_out(page)

    sign_in(page, Role.ANALYST)
    page.goto(f"/census/assessments/{ids['parks']}")
    page.get_by_role("link", name="Review Leadership and accountability").click()
    assert_accessible(page)
    page.get_by_label("2 – Developing").check()
    page.get_by_label("Reason").fill("The plan names no accountable owner.")
    page.get_by_role("button", name="Save the review").click()
    heatmap = page.get_by_role(
        "table", name="Maturity level by department and dimension, Census 2026"
    )
    parks_row = heatmap.get_by_role("row").filter(has_text="Parks")
    assert "(reviewed; self-assessed 3)" in parks_row.inner_text()
    assert_accessible(page)

    page.goto(f"/census/benchmarks/{ids['benchmark']}")
    assert page.get_by_text("Not yet measured").is_visible()
    page.get_by_label("Value", exact=True).fill("60")
    page.get_by_label("Measured on").fill(date.today().isoformat())
    page.get_by_role("button", name="Record the value").click()
    assert page.get_by_text("Value recorded.").is_visible()
    assert page.locator(".census-status").first.inner_text() in {"On track", "At risk"}
    assert_accessible(page)
    page.goto("/census/")
    assert_accessible(page)
    # The refused submission answers 400 on purpose (a form error); nothing else may fail.
    assert [e for e in page.console_errors if "400 (BAD REQUEST)" not in e] == []
