"""Closed questions, drill-down and trends in Chromium, checked with axe (no engine run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports.models import AnalysisRun
from engage.auth.roles import Role
from engage.extensions import db
from tests.reports.survey_factory import add_themes, make_survey_run

pytestmark = pytest.mark.browser


def test_closed_questions_drill_down_and_trends_are_accessible(
    app: Flask,
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
) -> None:
    with app.app_context():
        run_id = make_survey_run()
        add_themes(run_id)
        later = AnalysisRun(title="Transit report, again", scope={}, status="finished",
                            parent_id=run_id, respondents=91, units=91)  # fmt: skip
        db.session.add(later)
        db.session.commit()
        later_id = later.id
    sign_in(page, Role.ANALYST)
    page.goto(f"/reports/{run_id}")
    page.get_by_role("heading", name="Closed questions").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="trust: The county listens to residents.").click()
    page.get_by_role("heading", name="By department", level=3).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="answers from Parks").first.click()
    page.get_by_text("30 answers, page 1 of 1").wait_for()
    assert_accessible(page)
    page.goto(f"/reports/trends?after={later_id}")
    page.get_by_role(
        "img", name="Share of respondents per theme, earlier and later report"
    ).wait_for()
    assert "not found again" in page.content()
    assert_accessible(page)
    assert page.console_errors == []
