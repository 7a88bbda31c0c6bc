"""Org units, stakeholders and the stakeholder import."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask import Flask
from openpyxl import Workbook

from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder
from engage.extensions import db
from tests.conftest import EngageClient


@pytest.fixture
def parks(app: Flask) -> int:
    with app.app_context():
        unit = OrgUnit(kind=OrgUnitKind.DEPARTMENT, name="Parks")
        db.session.add(unit)
        db.session.commit()
        return unit.id


@pytest.fixture
def fellow(login_as: Callable[[Role], User]) -> User:
    return login_as(Role.FELLOW)


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_create_and_search_org_units(app: Flask, client: EngageClient, fellow: User) -> None:
    response = client.post_form(
        "/directory/org-units/new",
        {"kind": "municipality", "name": "Cudahy", "subkind": "city", "parent_id": "0"},
    )
    assert response.status_code == 302
    page = client.get("/directory/?q=cud").get_data(as_text=True)
    assert "Cudahy" in page and "(city)" in page


def test_duplicate_org_unit_keeps_input_and_names_field(
    client: EngageClient, fellow: User, parks: int
) -> None:
    response = client.post_form(
        "/directory/org-units/new",
        {"kind": "department", "name": "parks", "description": "typed text", "parent_id": "0"},
    )
    page = response.get_data(as_text=True)
    assert "There is already a department called parks" in page
    assert "typed text" in page and 'href="#name"' in page


def test_stakeholder_create_edit_and_filter(
    app: Flask, client: EngageClient, fellow: User, parks: int
) -> None:
    data = {
        "name": "Dana Ruiz",
        "email": "Dana@Example.org",
        "role": "employee",
        "org_units": str(parks),
        "preferred_language": "es",
        "consent_quote": "internal",
    }
    assert client.post_form("/directory/stakeholders/new", data).status_code == 302
    with app.app_context():
        person = db.session.query(Stakeholder).one()
        assert person.email == "dana@example.org" and [u.name for u in person.org_units] == [
            "Parks"
        ]
        person_id = person.id
    page = client.get(f"/directory/stakeholders?org_unit={parks}").get_data(as_text=True)
    assert "Dana Ruiz" in page
    assert "Dana Ruiz" not in client.get("/directory/stakeholders?role=resident").get_data(
        as_text=True
    )
    data["title"] = "Park ranger"
    assert client.post_form(f"/directory/stakeholders/{person_id}", data).status_code == 302
    assert "Park ranger" in client.get("/directory/stakeholders?q=ranger").get_data(as_text=True)


def _upload(client: EngageClient, name: str, content: bytes, **extra: str):
    data = {"file": (io.BytesIO(content), name), "encoding": "auto", **extra}
    return client.post_form(
        "/directory/stakeholders/import", data, content_type="multipart/form-data"
    )


GOOD = (
    "name,role,email,org_units,preferred_language,consent_contact\n"
    "A. Vang,resident,a@x.org,Parks,hmn,yes\n"
)


def test_import_good_csv(app: Flask, client: EngageClient, fellow: User, parks: int) -> None:
    response = _upload(client, "people.csv", GOOD.encode())
    assert response.status_code == 302
    with app.app_context():
        person = db.session.query(Stakeholder).one()
        assert person.preferred_language == "hmn" and person.consent_contact


def test_import_with_errors_writes_nothing_and_names_line_and_column(
    app: Flask, client: EngageClient, fellow: User, parks: int
) -> None:
    content = GOOD + "B,bogus,b@x.org,Parks,en,no\nC,resident,a@x.org,Nowhere,en,maybe\n"
    response = _upload(client, "people.csv", content.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<td>3</td><td>role</td>" in page
    assert "<td>4</td><td>email</td><td>a@x.org is also on line 2.</td>" in page
    assert "<td>4</td><td>org_units</td>" in page and "<td>4</td><td>consent_contact</td>" in page
    assert _count(app, Stakeholder) == 0


def test_import_valid_rows_when_asked(
    app: Flask, client: EngageClient, fellow: User, parks: int
) -> None:
    content = GOOD + "B,bogus,b@x.org,Parks,en,no\n"
    response = _upload(client, "people.csv", content.encode(), valid_only="y")
    assert response.status_code == 200
    assert _count(app, Stakeholder) == 1


def test_import_reports_wrong_encoding_with_position(
    app: Flask, client: EngageClient, fellow: User
) -> None:
    content = "name,role\nJosé,resident\n".encode("cp1252")
    page = _upload(client, "people.csv", content).get_data(as_text=True)
    assert "Line 2, character 4: byte 0xe9 is not valid UTF-8" in page
    response = _upload(client, "people.csv", content, encoding="cp1252")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Stakeholder).one().name == "José"


def test_import_missing_column_and_duplicate_of_existing(
    app: Flask, client: EngageClient, fellow: User, parks: int
) -> None:
    page = _upload(client, "people.csv", b"name,email\nA,a@x.org\n").get_data(as_text=True)
    assert "Line 1: missing column(s) role" in page
    _upload(client, "people.csv", GOOD.encode())
    page = _upload(client, "people.csv", GOOD.encode()).get_data(as_text=True)
    assert "a@x.org is already in the directory." in page


def test_import_xlsx(app: Flask, client: EngageClient, fellow: User, parks: int) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Role", "Org_units"])
    sheet.append(["Pa Yang", "municipal_staff", "parks"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _upload(client, "people.xlsx", buffer.getvalue()).status_code == 302
    assert _count(app, Stakeholder) == 1


def test_import_rejects_a_binary_file(client: EngageClient, fellow: User) -> None:
    page = _upload(client, "people.xlsx", b"\x00\x01not a zip").get_data(as_text=True)
    assert "not a readable .xlsx workbook" in page
