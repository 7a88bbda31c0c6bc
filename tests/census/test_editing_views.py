"""Web pages for the wave change, rubric editing and initiative editing: the happy path,
refusals that keep what was typed, and denial for department leads and other roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, RunStatus, Theme
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import rubrics
from engage.census.models import Initiative, Rubric, Wave
from engage.extensions import db
from tests.conftest import EngageClient

DENIED = [Role.VIEWER, Role.FELLOW, Role.COMMUNICATIONS]


# -- change between waves ---------------------------------------------------------------


def test_the_change_page_compares_two_waves_by_department_and_dimension(
    client: EngageClient, login_as: Callable[[Role], User], two_waves: dict[str, Any]
) -> None:
    login_as(Role.ANALYST)
    url = f"/census/waves/{two_waves['later']}/change?since={two_waves['first']}"
    html = client.get(url).get_data(as_text=True)
    assert "Census 2026 compared with Census 2025" in html
    assert html.count("2 → 3 (+1)") == 11  # every cell but Zoo's reviewed one
    assert 'class="census-change census-change--down">2 → 1 (-1)' in html
    assert client.get(f"/census/waves/{two_waves['later']}/change").status_code == 404


@pytest.mark.parametrize("role", DENIED)
def test_leads_cannot_see_the_change_page(
    client: EngageClient, login_lead: Callable[..., User], two_waves: dict[str, Any], role: Role
) -> None:
    login_lead(role, two_waves["parks"])
    url = f"/census/waves/{two_waves['later']}/change?since={two_waves['first']}"
    assert client.get(url).status_code == 403


# -- rubric editing ---------------------------------------------------------------------


def _rubric_form(app: Flask, **changes: str) -> dict[str, str]:
    """The edit form as the current rubric fills it, with ``changes`` applied."""
    with app.app_context():
        current = rubrics.current_rubric()
        data = {"title": current.title, "note": "Name data practice plainly"}
        for n, dim in enumerate(current.dimensions):
            data |= {
                f"dimensions-{n}-key": dim.key,
                f"dimensions-{n}-name": dim.name,
                f"dimensions-{n}-focus_area": dim.focus_area,
                f"dimensions-{n}-objective": dim.objective,
                **{f"dimensions-{n}-level_{lv}": dim.descriptor(lv) for lv in (1, 2, 3, 4)},
            }
    return data | changes


def _versions(app: Flask) -> list[tuple[int, bool]]:
    with app.app_context():
        query = select(Rubric.version, Rubric.current).order_by(Rubric.version)
        return [tuple(row) for row in db.session.execute(query)]


def test_an_admin_revises_the_rubric_and_the_open_wave_keeps_its_version(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    login_as(Role.ADMIN)
    page = client.get("/census/rubric/edit").get_data(as_text=True)
    assert "Saving makes version 2." in page and 'value="Data and disaggregation"' in page
    data = _rubric_form(app, **{"dimensions-1-name": "Data, disaggregated by race and place"})
    data |= {f"dimensions-6-{f}": "" for f in ("key", "name", "focus_area", "objective")}
    response = client.post_form("/census/rubric/edit", data)
    assert response.status_code == 302
    assert _versions(app) == [(1, False), (2, True)]
    with app.app_context():
        current = rubrics.current_rubric()
        assert [d.name for d in current.dimensions][1] == "Data, disaggregated by race and place"
        assert current.dimensions[1].key == "data"  # the key stays, so waves still compare
        assert db.session.get(Wave, opened["wave"]).rubric.version == 1


def test_rubric_errors_are_shown_and_every_entry_kept(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    login_as(Role.ADMIN)
    no_note = client.post_form("/census/rubric/edit", _rubric_form(app, note="", title="Renamed"))
    html = no_note.get_data(as_text=True)
    assert no_note.status_code == 400 and "Say what changed in this version." in html
    assert 'value="Renamed"' in html
    blank_level = _rubric_form(app, **{"dimensions-2-level_3": "", "dimensions-0-name": "Lead"})
    refused = client.post_form("/census/rubric/edit", blank_level)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Community engagement: describe level 3." in html
    assert 'value="Lead"' in html and "Name data practice plainly" in html
    assert _versions(app) == [(1, True)]


@pytest.mark.parametrize("role", [*DENIED, Role.ANALYST])
def test_only_admins_edit_the_rubric(
    app: Flask,
    client: EngageClient,
    login_lead: Callable[..., User],
    opened: dict[str, Any],
    role: Role,
) -> None:
    login_lead(role, opened["parks_unit"])
    assert client.get("/census/rubric/edit").status_code == 403
    assert client.post_form("/census/rubric/edit", _rubric_form(app)).status_code == 403
    assert _versions(app) == [(1, True)]


# -- initiative editing -----------------------------------------------------------------


@pytest.fixture
def theme_id(app: Flask, opened: dict[str, Any]) -> int:
    with app.app_context():
        run = AnalysisRun(title="Parks listening tour", status=RunStatus.FINISHED)
        db.session.add(run)
        db.session.flush()
        theme = Theme(run_id=run.id, label="Trail upkeep", respondents=12)
        db.session.add(theme)
        db.session.commit()
        return theme.id


def _initiative_form(opened: dict[str, Any], theme_id: int, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "Trail repair crews",
        "owner": "Parks Department",
        "description": "Two crews repair trails named in the listening tour.",
        "status": "in_progress",
        "starts_on": "2026-04-01",
        "ends_on": "2026-10-31",
        "budget_note": "Funded from the 2026 capital budget",
        "org_units": [str(opened["parks_unit"])],
        "themes": [str(theme_id)],
        "public": "y",
    }
    return data | changes


def _initiatives(app: Flask) -> list[tuple[str, str, list[str], list[str]]]:
    with app.app_context():
        return [
            (i.title, i.status.value, [u.name for u in i.org_units], [t.title for t in i.themes])
            for i in db.session.scalars(select(Initiative).order_by(Initiative.id))
        ]


def test_an_analyst_adds_and_edits_an_initiative_with_its_links(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    opened: dict[str, Any],
    theme_id: int,
) -> None:
    login_as(Role.ANALYST)
    form = _initiative_form(opened, theme_id)
    assert client.post_form("/census/initiatives/new", form).status_code == 302
    assert _initiatives(app) == [("Trail repair crews", "in_progress", ["Parks"], ["Trail upkeep"])]
    with app.app_context():
        initiative_id = db.session.scalar(select(Initiative.id))
    page = client.get(f"/census/initiatives/{initiative_id}").get_data(as_text=True)
    assert 'value="Trail repair crews"' in page and "Funded from the 2026 capital budget" in page
    edited = _initiative_form(opened, theme_id, status="done", themes=[])
    edited["org_units"].append(str(opened["zoo_unit"]))
    assert client.post_form(f"/census/initiatives/{initiative_id}", edited).status_code == 302
    assert _initiatives(app) == [("Trail repair crews", "done", ["Parks", "Zoo"], [])]


def test_initiative_errors_keep_every_entry_and_save_nothing(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    opened: dict[str, Any],
    theme_id: int,
) -> None:
    login_as(Role.ANALYST)
    backwards = _initiative_form(opened, theme_id, ends_on="2026-01-31")
    response = client.post_form("/census/initiatives/new", backwards)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The end date is before the start date." in html
    assert 'value="Trail repair crews"' in html and 'value="2026-01-31"' in html
    assert f'<option selected value="{theme_id}">' in html
    no_owner = client.post_form(
        "/census/initiatives/new", _initiative_form(opened, theme_id, owner="")
    )
    assert no_owner.status_code == 400
    assert "Two crews repair trails named in the listening tour." in no_owner.get_data(as_text=True)
    assert _initiatives(app) == []


@pytest.mark.parametrize("role", DENIED)
def test_leads_cannot_add_or_edit_initiatives(
    app: Flask,
    client: EngageClient,
    login_lead: Callable[..., User],
    opened: dict[str, Any],
    theme_id: int,
    role: Role,
) -> None:
    login_lead(role, opened["parks_unit"])
    assert client.get("/census/initiatives/new").status_code == 403
    form = _initiative_form(opened, theme_id)
    assert client.post_form("/census/initiatives/new", form).status_code == 403
    assert _initiatives(app) == []


def test_an_overlong_focus_area_or_forged_key_is_a_form_error_not_a_500(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    # SQLite ignores VARCHAR lengths; PostgreSQL refused the insert (found by the form fuzz).
    login_as(Role.ADMIN)
    for field, value in (("focus_area", "x" * 201), ("key", "k" * 61)):
        data = _rubric_form(app, **{f"dimensions-0-{field}": value})
        assert client.post_form("/census/rubric/edit", data).status_code == 400, field
    assert _versions(app) == [(1, True)]
