"""The leads still to answer an open wave: listed, downloadable as CSV (audited), staff only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import waves
from engage.census.models import Assessment, Wave
from engage.extensions import db
from tests.census.conftest import Actor, full_answers, lead_of
from tests.conftest import EngageClient


@pytest.fixture
def parks_answered(
    app: Flask, make_user: Callable[..., User], opened: dict[str, Any]
) -> dict[str, Any]:
    """Parks (one lead) has answered; Zoo (two leads) has not."""
    people = [make_user(Role.VIEWER, email=f"{n}@example.org") for n in ("ana", "bo", "cy")]
    for person, unit in zip(people, ("parks_unit", "zoo_unit", "zoo_unit"), strict=True):
        lead_of(app, person.id, opened[unit])
    with app.app_context():
        parks = db.session.get(Assessment, opened["parks"])
        waves.submit_assessment(parks, full_answers(parks.wave), Actor())
        db.session.commit()
    return opened


def test_the_list_names_every_lead_of_each_department_still_to_answer(
    client: EngageClient, login_as: Callable[[Role], User], parks_answered: dict[str, Any]
) -> None:
    login_as(Role.ANALYST)
    html = client.get(f"/census/waves/{parks_answered['wave']}/reminders").get_data(as_text=True)
    assert "Departments that have not answered: 1" in html
    assert "bo@example.org" in html and "cy@example.org" in html
    assert "ana@example.org" not in html
    assert f"/census/assessments/{parks_answered['zoo']}" in html


def test_a_department_without_a_lead_is_listed_for_an_admin_to_fix(
    client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    login_as(Role.ADMIN)
    html = client.get(f"/census/waves/{opened['wave']}/reminders").get_data(as_text=True)
    assert html.count("No lead yet") == 2


def test_the_csv_has_absolute_links_and_its_download_is_recorded(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    parks_answered: dict[str, Any],
) -> None:
    analyst = login_as(Role.ANALYST)
    response = client.get(f"/census/waves/{parks_answered['wave']}/reminders.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    link = (
        app.config["ENGAGE_BASE_URL"].rstrip("/") + f"/census/assessments/{parks_answered['zoo']}"
    )
    assert rows[0] == ["department", "lead", "email", "assessment_link"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("Zoo", "bo@example.org", link),
        ("Zoo", "cy@example.org", link),
    ]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "census.exported"))
        assert (event.actor_id, event.object_id) == (analyst.id, str(parks_answered["wave"]))
        assert event.detail == {"what": "waiting_leads", "format": "csv"}


def test_a_wave_that_is_not_open_has_nobody_to_remind(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    with app.app_context():
        db.session.get(Wave, opened["wave"]).close()
        db.session.commit()
    login_as(Role.ANALYST)
    for suffix in ("", ".csv"):
        response = client.get(f"/census/waves/{opened['wave']}/reminders{suffix}")
        assert response.status_code == 302
    page = client.get(f"/census/waves/{opened['wave']}").get_data(as_text=True)
    assert "Only an open wave has leads to remind." in page
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.action == "census.exported"))
            is None
        )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.FELLOW, Role.COMMUNICATIONS])
def test_leads_and_other_roles_cannot_see_the_list(
    client: EngageClient, login_lead: Callable[..., User], opened: dict[str, Any], role: Role
) -> None:
    login_lead(role, opened["parks_unit"])
    for suffix in ("", ".csv"):
        assert client.get(f"/census/waves/{opened['wave']}/reminders{suffix}").status_code == 403
