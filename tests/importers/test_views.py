"""The import upload page: roles, a successful import, a refused file kept as a form error."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import Survey
from tests.conftest import shared_data


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMUNICATIONS])
def test_other_roles_are_refused(client: Any, login_as: Any, role: Role) -> None:
    login_as(role)
    assert client.get("/imports/").status_code == 403
    assert client.post_form("/imports/", {"kind": "xlsform"}).status_code == 403


def test_signed_out_is_sent_to_login(client: Any) -> None:
    assert client.get("/imports/").status_code == 302


@pytest.mark.parametrize("role", [Role.FELLOW, Role.ANALYST, Role.ADMIN])
def test_upload_shows_the_mapping_report(client: Any, login_as: Any, role: Role) -> None:
    login_as(role)
    path = shared_data("xlsform", "pyxform_choice_filter_test.xlsx")
    data = {"kind": "xlsform", "file": (io.BytesIO(path.read_bytes()), path.name)}
    response = client.post_form("/imports/", data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "choice_filter" in page and "row 3" in page
    assert "cascading selects" in page  # link to the draft survey


def test_refused_file_is_a_form_error_and_saves_nothing(
    client: Any, login_as: Any, app: Any
) -> None:
    login_as(Role.FELLOW)
    data = {"kind": "limesurvey", "file": (io.BytesIO(b"<html/>"), "bad.lss")}
    response = client.post_form("/imports/", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "not a LimeSurvey export" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Survey)) == 0


def test_unknown_report_is_404(client: Any, login_as: Any) -> None:
    login_as(Role.ANALYST)
    assert client.get("/imports/999").status_code == 404
