"""Runs, themes and deliberations over the API, with the report pages' privacy rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, RunUnit, Theme
from engage.auth.roles import Role
from engage.deliberation.models import Deliberation, Statement
from engage.extensions import db

Api = Callable[..., Any]
SECRET = "Call Maria Lopez at 414-555-0100 about the bus"


def _run(app: Flask, published: bool) -> tuple[int, int]:
    """A finished run with one theme quoting a consenting and a non-consenting unit."""
    with app.app_context():
        run = AnalysisRun(
            title="Buses", status=RunStatus.FINISHED, scope={"sources": {}}, params={},
            state=ReportState.PUBLISHED if published else ReportState.DRAFT, respondents=30,
        )  # fmt: skip
        db.session.add(run)
        db.session.flush()
        for unit, quotable in (("answer:a:1", True), ("answer:b:1", False)):
            db.session.add(RunUnit(run_id=run.id, unit_id=unit, respondent=unit, text=SECRET,
                                   quotable=quotable))  # fmt: skip
        theme = Theme(
            run_id=run.id, label="bus routes", respondents=30, units=30, keywords=["bus"],
            summary="Buses are late.", groups={"dept": {"Parks": {"suppressed": True}}},
            quotes=[{"unit_id": "answer:a:1", "text": "Call [NAME] about the bus"},
                    {"unit_id": "answer:b:1", "text": "withheld [NAME]"}],
        )  # fmt: skip
        db.session.add(theme)
        db.session.commit()
        return run.id, theme.id


def test_readers_see_published_runs_only(app: Flask, api: Api) -> None:
    draft, _t = _run(app, published=False)
    published, _t2 = _run(app, published=True)
    ids = [r["id"] for r in api("get", "/api/v1/runs", role=Role.VIEWER).get_json()["items"]]
    assert ids == [published]
    assert api("get", f"/api/v1/runs/{draft}", role=Role.COMMUNICATIONS).status_code == 404
    assert api("get", f"/api/v1/runs/{draft}/themes", role=Role.VIEWER).status_code == 404
    analyst = api("get", "/api/v1/runs").get_json()["items"]
    assert {r["id"] for r in analyst} == {draft, published} and "scope" in analyst[0]
    viewer_run = api("get", f"/api/v1/runs/{published}", role=Role.VIEWER).get_json()
    assert "scope" not in viewer_run and "manifest" not in viewer_run


def test_quotes_need_consent_and_are_redacted_outside_analysis(app: Flask, api: Api) -> None:
    run_id, theme_id = _run(app, published=True)
    body = api("get", f"/api/v1/runs/{run_id}/themes", role=Role.VIEWER).get_json()
    theme = body["themes"][0]
    assert theme["quotes"] == [{"text": "Call [NAME] about the bus", "pinned": False}]
    assert theme["summary"] is None  # drawn from a quote without consent
    assert theme["groups"] == {"dept": {"Parks": {"suppressed": True}}}
    assert SECRET not in str(body) and body["privacy"]
    analyst = api("get", f"/api/v1/runs/{run_id}/themes/{theme_id}").get_json()
    assert [q["unit_id"] for q in analyst["quotes"]] == ["answer:a:1", "answer:b:1"]
    assert analyst["summary"] == "Buses are late."


def test_themes_of_an_unfinished_run_are_422(app: Flask, api: Api) -> None:
    with app.app_context():
        run = AnalysisRun(title="x", status=RunStatus.RUNNING, scope={}, params={})
        db.session.add(run)
        db.session.commit()
        run_id = run.id
    assert api("get", f"/api/v1/runs/{run_id}/themes").status_code == 422


@pytest.mark.parametrize("role", [Role.ADMIN, Role.FELLOW])
def test_runs_follow_the_report_roles(app: Flask, api: Api, role: Role) -> None:
    assert api("get", "/api/v1/runs", role=role).status_code == 403


def test_deliberations_list_statements_with_consensus(app: Flask, api: Api) -> None:
    with app.app_context():
        item = Deliberation(conversation="bg", title="Bowling Green")
        item.statements = [
            Statement(tid=n, text=f"s{n}", agrees=n, consensus=0.5) for n in range(3)
        ]
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    assert api("get", "/api/v1/deliberations").get_json()["total"] == 1
    assert api("get", f"/api/v1/deliberations/{item_id}").get_json()["statements"] == 3
    page = api("get", f"/api/v1/deliberations/{item_id}/statements?per_page=2").get_json()
    assert [s["tid"] for s in page["items"]] == [0, 1] and page["items"][1]["consensus"] == 0.5
    assert api("get", "/api/v1/deliberations/99999").status_code == 404
    assert api("get", "/api/v1/deliberations", role=Role.VIEWER).status_code == 403
