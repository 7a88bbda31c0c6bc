"""Trends: two runs compared; themes that grew, shrank, appeared and disappeared; who may look."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports import trends
from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient

CELL = {"rows": 20, "share": 0.5, "support": 0.5, "concern": 0.25}


def _run(title: str, themes: dict[str, int], respondents: int = 100, **fields: Any) -> int:
    """A finished run with stored themes (no engine): label -> respondents."""
    run = AnalysisRun(title=title, scope={"sources": {"upload": {"ids": [1]}}},
                      status=RunStatus.FINISHED, respondents=respondents, units=respondents,
                      group_sizes={"department": {"Parks": 40}}, **fields)  # fmt: skip
    db.session.add(run)
    db.session.flush()
    for position, (label, n) in enumerate(themes.items()):
        support = 0.6 if "later" in title else 0.3
        groups = {
            "department": {"Parks": {**CELL, "support": support}, "Zoo": {"suppressed": True}}
        }
        db.session.add(Theme(run_id=run.id, position=position, label=label, respondents=n,
                             units=n, stance={"support": n}, groups=groups))  # fmt: skip
    db.session.commit()
    return run.id


@pytest.fixture
def two_runs(app: Flask) -> Callable[..., tuple[int, int]]:
    def make(published: bool = False) -> tuple[int, int]:
        state = ReportState.PUBLISHED if published else ReportState.DRAFT
        with app.app_context():
            a = _run("Wave 1", {"Bus stops": 30, "Parks": 20, "Potholes": 10}, state=state)
            b = _run("Wave 2 later", {"Bus stops": 45, "Parks": 5, "Libraries": 25},
                     respondents=150, parent_id=a, state=state)  # fmt: skip
        return a, b

    return make


def test_compare_finds_grown_shrunk_new_and_gone_themes(
    app: Flask, two_runs: Callable[..., tuple[int, int]]
) -> None:
    a, b = two_runs()
    with app.app_context():
        trend = trends.compare(db.session.get(AnalysisRun, a), db.session.get(AnalysisRun, b))
        status = {c.title: c.status for c in trend.themes}
        assert status == {"Bus stops": "steady", "Parks": "shrank", "Potholes": "disappeared",
                          "Libraries": "appeared"}  # fmt: skip
        (group,) = trend.groups
        assert (group.column, group.value) == ("department", "Parks")
        assert group.before["support"] == pytest.approx(0.3)
        assert group.after["support"] == pytest.approx(0.6)


def test_trends_page_for_analysts_with_chart_and_table(
    client: EngageClient, login_as: Callable, two_runs: Callable[..., tuple[int, int]]
) -> None:
    a, b = two_runs()
    login_as(Role.ANALYST)
    page = client.get(f"/reports/trends?after={b}").get_data(as_text=True)  # parent by default
    assert "<svg" in page and 'role="img"' in page and "<table" in page
    assert "not found again" in page and "Potholes" in page and "Libraries" in page
    assert "Zoo" not in page  # suppressed in both runs: never compared
    assert "Compare with the previous run" in client.get(f"/reports/{b}").get_data(as_text=True)
    assert client.get("/reports/trends").status_code == 200
    assert client.get(f"/reports/trends?before={a}&after=999").status_code == 404


@pytest.mark.parametrize("role", (Role.COMMUNICATIONS, Role.VIEWER))
def test_readers_compare_published_runs_only(
    client: EngageClient, make_user: Callable, two_runs: Callable[..., tuple[int, int]], role: Role
) -> None:
    a, b = two_runs()
    client.login(make_user(role).email)
    assert client.get(f"/reports/trends?before={a}&after={b}").status_code == 404
    assert "Wave 1" not in client.get("/reports/trends").get_data(as_text=True)
    c, d = two_runs(published=True)
    page = client.get(f"/reports/trends?before={c}&after={d}").get_data(as_text=True)
    assert "Libraries" in page
    assert client.get(f"/reports/trends?before={a}&after={d}").status_code == 404


@pytest.mark.parametrize("role", (Role.FELLOW, Role.ADMIN))
def test_fellows_and_admins_cannot_see_trends(
    client: EngageClient, login_as: Callable, role: Role
) -> None:
    login_as(role)
    assert client.get("/reports/trends").status_code == 403
