"""The split/move checklist on a theme page comes a page at a time."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from analysis.reports.models import AnalysisRun, RunStatus, RunUnit, Theme, ThemeAssignment
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient


def _big_theme(app: Flask, n: int) -> tuple[int, int]:
    with app.app_context():
        run = AnalysisRun(title="Big", status=RunStatus.FINISHED, respondents=n, units=n)
        db.session.add(run)
        db.session.flush()
        theme = Theme(run_id=run.id, label="Buses", respondents=n, units=n)
        db.session.add(theme)
        db.session.flush()
        for i in range(n):
            unit = f"upload:1:{i:04d}"
            db.session.add(RunUnit(run_id=run.id, unit_id=unit, respondent=unit,
                                   text=f"Answer number {i:04d}"))  # fmt: skip
            db.session.add(ThemeAssignment(run_id=run.id, unit_id=unit, theme_id=theme.id))
        db.session.commit()
        return run.id, theme.id


def test_checklist_pages_through_a_large_theme(
    app: Flask, client: EngageClient, login_as: Callable
) -> None:
    run_id, theme_id = _big_theme(app, 250)
    login_as(Role.ANALYST)
    first = client.get(f"/reports/{run_id}/themes/{theme_id}").get_data(as_text=True)
    assert first.count('name="units"') == 200 and "Answer number 0199" in first
    assert "units_page=2" in first and "Page 1 of 2" in first
    second = client.get(f"/reports/{run_id}/themes/{theme_id}?units_page=2").get_data(as_text=True)
    assert second.count('name="units"') == 50 and "Answer number 0249" in second
    assert "Answer number 0199" not in second
