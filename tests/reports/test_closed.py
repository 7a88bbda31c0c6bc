"""Closed-question results and response rates beside the themes: stored, suppressed, shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports.models import AnalysisRun
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient
from tests.reports.survey_factory import make_survey_run

K = 10


@pytest.fixture
def survey_run(app: Flask) -> Callable[..., int]:
    def make(**kwargs: Any) -> int:
        with app.app_context():
            return make_survey_run(**kwargs)

    return make


def _results(app: Flask, run_id: int) -> dict[str, Any]:
    with app.app_context():
        return db.session.get(AnalysisRun, run_id).survey_results


def _check_suppressed(cells: dict[str, Any], sizes: dict[str, int]) -> None:
    hidden = [v for v, c in cells.items() if c is None]
    assert all(c["n"] >= K for c in cells.values() if c is not None)
    if hidden:
        assert len(hidden) >= 2 and sum(sizes[v] for v in hidden) >= K


def test_closed_results_are_stored_with_intervals_scores_and_suppression(
    app: Flask, survey_run: Callable[..., int]
) -> None:
    results = _results(app, survey_run())
    items = {(i["code"], i["row"]): i for i in results["items"]}
    assert set(items) == {("trust", None), ("rate", "speed"), ("lane", None), ("uses", None)}
    trust = items[("trust", None)]
    assert trust["n"] == 91 and trust["agreement"]
    count, share, low, high = trust["overall"]["agree"]
    assert low < share < high and count == round(share * 91)
    by_department = trust["columns"]["department"]
    sizes = {"Parks": 30, "Transit": 25, "Health": 20, "Zoo": 4, "": 12}
    _check_suppressed(by_department["cells"], sizes)
    assert by_department["cells"]["Zoo"] is None and by_department["cells"]["Parks"]["n"] == 30
    assert 0 < by_department["consensus"] < 1 and by_department["divisiveness"] > 0
    lane, uses = items[("lane", None)], items[("uses", None)]
    assert not lane["agreement"] and "consensus" not in lane["columns"]["department"]
    assert [o[0] for o in uses["options"]] == ["bus", "bike", "_other"]
    assert sum(p[0] for p in lane["overall"]["distribution"]) == 91


def test_response_rates_by_org_unit_hide_small_units_and_their_complement(
    app: Flask, survey_run: Callable[..., int]
) -> None:
    (rates,) = _results(app, survey_run())["rates"]
    assert (rates["invited"], rates["answered"]) == (70, 44)
    rows = {r["unit"]: r for r in rates["kinds"]["department"]}
    assert rows["Zoo"] == {"unit": "Zoo", "suppressed": True}
    assert rows["Health"].get("suppressed")  # complementary: Zoo's answers could be derived
    assert rows["Parks"] == {"unit": "Parks", "invited": 30, "answered": 20, "rate": 0.6667}


def test_report_page_shows_closed_results_and_rates_with_text(
    client: EngageClient, login_as: Callable, survey_run: Callable[..., int]
) -> None:
    run_id = survey_run()
    login_as(Role.ANALYST)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    assert "Closed questions" in page and "The county listens to residents." in page
    assert "Response rates" in page and "44 of 70 invitations answered" in page
    assert "95% interval" in page
    detail = client.get(f"/reports/{run_id}/questions/0").get_data(as_text=True)
    assert "By department" in detail and "Hidden: too few respondents to show" in detail
    assert "Consensus" in detail and "/questions/0/answers" in detail
    drill = client.get(f"/reports/{run_id}/questions/0/answers?column=department&value=Parks")
    assert drill.status_code == 200 and "30 answers, page 1 of 1" in drill.get_data(as_text=True)
    everyone = client.get(f"/reports/{run_id}/questions/0/answers").get_data(as_text=True)
    assert "91 answers, page 1 of 2" in everyone and 'rel="next"' in everyone
    assert "page 2 of 2" in client.get(f"/reports/{run_id}/questions/0/answers?page=2").text
    hidden = client.get(f"/reports/{run_id}/questions/0/answers?column=department&value=Zoo")
    assert hidden.status_code == 403
    assert client.get(f"/reports/{run_id}/questions/99").status_code == 404


@pytest.mark.parametrize("role", (Role.COMMUNICATIONS, Role.VIEWER))
def test_readers_see_published_closed_results_without_drill_down(
    client: EngageClient, make_user: Callable, survey_run: Callable[..., int], role: Role
) -> None:
    draft, published = survey_run(title="Draft"), None
    client.login(make_user(role).email)
    assert client.get(f"/reports/{draft}/questions/0").status_code == 404
    with client.application.app_context():
        db.session.get(AnalysisRun, draft).state = "published"
        db.session.commit()
        published = draft
    page = client.get(f"/reports/{published}/questions/0").get_data(as_text=True)
    assert "By department" in page and "/answers" not in page
    assert client.get(f"/reports/{published}/questions/0/answers").status_code == 403


@pytest.mark.parametrize("role", (Role.FELLOW, Role.ADMIN))
def test_fellows_and_admins_cannot_open_question_pages(
    client: EngageClient, login_as: Callable, survey_run: Callable[..., int], role: Role
) -> None:
    run_id = survey_run(published=True)
    login_as(role)
    for url in (f"/reports/{run_id}/questions/0", f"/reports/{run_id}/questions/0/answers"):
        assert client.get(url).status_code == 403, url
