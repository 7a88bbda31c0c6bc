"""Census pages: department leads see only their own department, bad input is refused with
nothing lost, reviews and exports through the web."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census.models import Benchmark, OrgUnitLead, Score
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from tests.census.conftest import lead_of
from tests.conftest import EngageClient


def _form(opened: dict[str, Any], level: str = "3") -> dict[str, str]:
    data = {}
    for dim_id, key, name in opened["dims"]:
        data[f"level-{dim_id}"] = level
        data[f"links-{dim_id}"] = f"https://example.org/{key}"
        data[f"notes-{dim_id}"] = f"Evidence for {name}"
    return data


def _levels(app: Flask, assessment_id: int) -> list[int]:
    with app.app_context():
        query = select(Score.self_level).where(Score.assessment_id == assessment_id)
        return list(db.session.scalars(query))


def _as_lead(app: Flask, client: EngageClient, make_user: Callable, unit_id: int) -> User:
    lead = make_user(Role.VIEWER)
    lead_of(app, lead.id, unit_id)
    client.login(lead.email)
    return lead


def test_a_lead_answers_their_department_and_is_refused_another(
    app: Flask, client: EngageClient, make_user: Callable[..., User], opened: dict[str, Any]
) -> None:
    _as_lead(app, client, make_user, opened["parks_unit"])
    assert client.get(f"/census/assessments/{opened['parks']}").status_code == 200
    response = client.post_form(f"/census/assessments/{opened['parks']}", _form(opened))
    assert response.status_code == 302
    assert _levels(app, opened["parks"]) == [3] * 6
    assert client.get(f"/census/departments/{opened['parks_unit']}").status_code == 200
    # Another department: its profile, its answers and answering it are all refused, and logged.
    assert client.get(f"/census/departments/{opened['zoo_unit']}").status_code == 403
    assert client.get(f"/census/assessments/{opened['zoo']}").status_code == 403
    assert (
        client.post_form(f"/census/assessments/{opened['zoo']}", _form(opened)).status_code == 403
    )
    assert _levels(app, opened["zoo"]) == []
    with app.app_context():
        denied = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "access.denied")
        )
        assert f"/census/departments/{opened['zoo_unit']}" in set(denied)
    # Staff pages stay closed to a lead.
    assert client.get(f"/census/waves/{opened['wave']}").status_code == 403
    assert client.get("/census/").status_code == 403


def test_signed_in_users_who_lead_nothing_see_no_department(
    client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    login_as(Role.FELLOW)
    assert client.get(f"/census/departments/{opened['parks_unit']}").status_code == 403
    assert client.get(f"/census/assessments/{opened['parks']}").status_code == 403


def test_an_analyst_reads_but_does_not_answer_for_a_department(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], opened: dict[str, Any]
) -> None:
    login_as(Role.ANALYST)
    assert client.get(f"/census/assessments/{opened['parks']}").status_code == 200
    response = client.post_form(f"/census/assessments/{opened['parks']}", _form(opened))
    assert response.status_code == 403
    assert _levels(app, opened["parks"]) == []


def test_a_missing_level_is_refused_and_every_entry_kept(
    app: Flask, client: EngageClient, make_user: Callable[..., User], opened: dict[str, Any]
) -> None:
    _as_lead(app, client, make_user, opened["parks_unit"])
    data = _form(opened)
    (first, _, _), (second, _, second_name), (third, _, _) = opened["dims"][:3]
    data[f"level-{first}"] = "7"
    del data[f"level-{second}"]
    response = client.post_form(f"/census/assessments/{opened['parks']}", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Levels run from 1 to 4" in html and f"Choose a level for {second_name}" in html
    assert "https://example.org/leadership" in html and "Evidence for Workforce" in html
    assert f'id="level-{third}-3" name="level-{third}" value="3" checked' in html
    assert _levels(app, opened["parks"]) == []


def test_an_analyst_reviews_a_score_with_a_reason(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., User],
    login_as: Callable[[Role], User],
    opened: dict[str, Any],
) -> None:
    _as_lead(app, client, make_user, opened["parks_unit"])
    client.post_form(f"/census/assessments/{opened['parks']}", _form(opened))
    client.post_form("/logout")
    login_as(Role.ANALYST)
    with app.app_context():
        query = select(Score.id).where(Score.assessment_id == opened["parks"]).order_by(Score.id)
        score_id = db.session.scalars(query).first()
    url = f"/census/scores/{score_id}/review"
    refused = client.post_form(url, {"level": "2", "reason": ""})
    assert refused.status_code == 400 and "Give a reason." in refused.get_data(as_text=True)
    assert client.post_form(url, {"level": "2", "reason": "No written plan"}).status_code == 302
    with app.app_context():
        saved = db.session.get(Score, score_id)
        assert (saved.self_level, saved.reviewed_level, saved.review_reason) == (
            3,
            2,
            "No written plan",
        )
    heatmap = client.get(f"/census/waves/{opened['wave']}").get_data(as_text=True)
    assert "(reviewed; self-assessed 3)" in heatmap


def test_benchmark_form_refuses_bad_dates_and_keeps_values(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    with app.app_context():
        unit = OrgUnit(kind=OrgUnitKind.DEPARTMENT, name="Parks")
        db.session.add(unit)
        db.session.commit()
        unit_id = unit.id
    login_as(Role.ANALYST)
    data = {
        "name": "Residents who feel heard",
        "org_unit_id": str(unit_id),
        "metric_kind": "manual",
        "source": "Resident survey",
        "baseline_value": "",
        "baseline_date": "2026-01-01",
        "target_value": "70",
        "due_date": "2025-06-01",
        "dimension_key": "",
        "question_id": "0",
    }
    response = client.post_form("/census/benchmarks/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the baseline value." in html
    assert "The due date must be after the baseline date." in html
    assert 'value="Residents who feel heard"' in html and "Resident survey" in html
    with app.app_context():
        assert db.session.scalar(select(Benchmark)) is None


def test_exports_neutralise_formulas_and_are_audited(
    app: Flask, client: EngageClient, make_user: Callable[..., User], opened: dict[str, Any]
) -> None:
    _as_lead(app, client, make_user, opened["parks_unit"])
    data = _form(opened)
    for dim_id, _key, _name in opened["dims"]:
        data[f"links-{dim_id}"], data[f"notes-{dim_id}"] = '=HYPERLINK("http://x")', "+1 note"
    client.post_form(f"/census/assessments/{opened['parks']}", data)
    client.post_form("/logout")
    analyst = make_user(Role.ANALYST)
    client.login(analyst.email)
    response = client.get(f"/census/export/scores.csv?wave={opened['wave']}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["wave", "rubric_version", "department"]
    assert rows[1][9].startswith("'=") and rows[1][10] == "'+1 note"
    assert client.get(f"/census/export/scores.xlsx?wave={opened['wave']}").status_code == 200
    assert client.get("/census/export/benchmarks.csv").status_code == 200
    with app.app_context():
        query = select(AuditEvent.detail).where(AuditEvent.action == "census.exported")
        found = [
            (d["what"], d["format"]) for d in db.session.scalars(query.order_by(AuditEvent.id))
        ]
    assert found == [("scores", "csv"), ("scores", "xlsx"), ("benchmarks", "csv")]


def test_only_admins_manage_leads(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    make_user: Callable[..., User],
    opened: dict[str, Any],
) -> None:
    person = make_user(Role.VIEWER, email="lead@example.org")
    form = {"email": person.email, "org_unit_id": str(opened["parks_unit"])}
    login_as(Role.ANALYST)
    assert client.post_form("/census/leads", form).status_code == 403
    client.post_form("/logout")
    login_as(Role.ADMIN)
    missing = client.post_form("/census/leads", {**form, "email": "nobody@example.org"})
    assert missing.status_code == 400 and "No active account" in missing.get_data(as_text=True)
    assert client.post_form("/census/leads", form).status_code == 302
    with app.app_context():
        lead = db.session.scalar(select(OrgUnitLead))
        assert (lead.user_id, lead.org_unit_id) == (person.id, opened["parks_unit"])
