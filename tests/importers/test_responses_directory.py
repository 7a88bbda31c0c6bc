"""Imported responses get their org unit and role from the directory, by name or code."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from engage.auth.roles import Role
from engage.directory.models import OrgUnit
from engage.extensions import db
from surveys import services
from surveys.importers.responses import import_responses
from surveys.importers.responses_read import read_sheet
from surveys.models import Anonymity, Response, Survey, SurveyKind

HEADER = ["Department", "Role", "Which unit do you work in?", "Comment"]
MAP = {"Department": "org_unit", "Role": "role", "Which unit do you work in?": "unit",
       "Comment": "comment"}  # fmt: skip


@pytest.fixture
def setup(app: Flask) -> Any:
    """Milwaukee's org units and a survey with an org-unit question like the demo's."""
    from engage.demo.seed import seed_org_units

    with app.app_context():
        seed_org_units()
        units = {u.name: u.id for u in db.session.scalars(select(OrgUnit))}
        survey = services.create_survey(title="Imported", kind=SurveyKind.CUSTOM,
                                        anonymity=Anonymity.ANONYMOUS, actor="test",
                                        languages=["en"])  # fmt: skip
        options = [{"value": f"u{units[n]}", "label": n} for n in ("Office of Equity", "Cudahy")]
        section = survey.sections[0]
        unit = {"type": "single_choice", "code": "unit", "text": "Which unit?",
                "options": options, "extra": {"maps_to": "org_unit"}}  # fmt: skip
        comment = {"type": "short_text", "code": "comment", "text": "Comment", "options": []}
        services.save_question(section, None, unit, "test")
        services.save_question(section, None, comment, "test")
        db.session.commit()
        return type("Setup", (), {"survey_id": survey.id, "units": units})()


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(f'"{c}"' for c in r) for r in [HEADER, *rows]).encode()


def _import(app: Flask, survey_id: int, rows: list[list[str]]) -> dict[str, Any]:
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        entry = import_responses(survey, read_sheet(_csv(rows), "f.csv"), "f.csv", MAP, "test")
        db.session.commit()
        return entry.report


def _attributes(app: Flask) -> list[tuple[str | None, int | None, str | None]]:
    with app.app_context():
        found = db.session.scalars(select(Response)).all()
        out = []
        for r in found:
            comment = next((a.value for a in r.answers if isinstance(a.value, str)
                            and not a.value.startswith("u")), None)  # fmt: skip
            out.append((comment, r.org_unit_id, r.respondent_role))
        return sorted(out, key=lambda t: t[0] or "")


def test_org_units_and_roles_match_by_name_or_code(app: Flask, setup: Any) -> None:
    units = setup.units
    report = _import(app, setup.survey_id, [
        ["  office of   EQUITY ", "County employee", "", "a"],  # name, any case and spacing
        [f"u{units['Cudahy']}", "municipal_staff", "", "b"],  # Engage's code
        ["", "Resident", "Cudahy", "c"],  # from the answer to the org-unit question
        ["Parks Dept", "Mayor", "", "d"],  # matches nothing: imported without them
    ])  # fmt: skip
    assert _attributes(app) == [
        ("a", units["Office of Equity"], "employee"),
        ("b", units["Cudahy"], "municipal_staff"),
        ("c", units["Cudahy"], "resident"),
        ("d", None, None),
    ]
    unmatched = [e for e in report["entries"] if e["name"] == "directory"]
    assert [(e["where"], e["outcome"]) for e in unmatched] == [("row 5", "changed")] * 2
    assert "'Parks Dept' matches no org unit" in unmatched[0]["message"]
    assert "'Mayor' matches no role" in unmatched[1]["message"]
    assert report["entries"][-1]["message"] == "4 responses"


def test_the_check_page_lists_rows_that_match_nothing(
    app: Flask, client: Any, setup: Any, login_as: Any
) -> None:
    login_as(Role.ANALYST)
    upload = client.post_form(
        "/imports/responses",
        {"survey": str(setup.survey_id),
         "file": (io.BytesIO(_csv([["Parks Dept", "Resident", "", "x"]])), "f.csv")},
        content_type="multipart/form-data",
    )  # fmt: skip
    fields = {f"map-{i}": MAP[h] for i, h in enumerate(HEADER)}
    checked = client.post_form(upload.location, {**fields, "survey": str(setup.survey_id),
                                                 "action": "preview"})  # fmt: skip
    html = checked.get_data(as_text=True)
    assert "All 1 rows can be imported" in html
    assert "Row 2:" in html and "&#39;Parks Dept&#39; matches no org unit" in html
