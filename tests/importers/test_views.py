"""The import upload page: roles, a successful import, a refused file kept as a form error."""

from __future__ import annotations

import io
import re
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


def _surveys(app: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Survey))


@pytest.mark.parametrize("role", [Role.FELLOW, Role.ANALYST, Role.ADMIN])
def test_upload_shows_the_report_and_confirming_creates_the_draft(
    client: Any, login_as: Any, app: Any, role: Role
) -> None:
    login_as(role)
    path = shared_data("xlsform", "pyxform_choice_filter_test.xlsx")
    data = {"kind": "xlsform", "file": (io.BytesIO(path.read_bytes()), path.name)}
    response = client.post_form("/imports/", data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    page = response.get_data(as_text=True)
    assert "choice_filter" in page and "row 3" in page and "cascading selects" in page
    assert _surveys(app) == 0  # nothing is kept until confirmed
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post_form("/imports/confirm", {"key": key, "kind": "xlsform"})
    assert done.status_code == 302 and "/surveys/" in done.headers["Location"]
    assert _surveys(app) == 1
    survey_page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "cascading selects" in survey_page
    again = client.post_form("/imports/confirm", {"key": key, "kind": "xlsform"})
    assert again.status_code == 404 and _surveys(app) == 1  # the upload is gone
    listing = client.get("/imports/").get_data(as_text=True)
    report = re.search(r'href="(/imports/\d+)"', listing).group(1)
    assert "choice_filter" in client.get(report).get_data(as_text=True)


def test_confirm_refuses_unknown_kinds_keys_and_roles(client: Any, login_as: Any) -> None:
    login_as(Role.ANALYST)
    assert client.post_form("/imports/confirm", {"key": "x" * 24, "kind": "pdf"}).status_code == 400
    assert (
        client.post_form("/imports/confirm", {"key": "x" * 24, "kind": "xlsform"}).status_code
        == 404
    )
    assert (
        client.post_form("/imports/confirm", {"key": "../../etc", "kind": "xlsform"}).status_code
        == 404
    )
    client.post_form("/logout")
    login_as(Role.VIEWER)
    assert (
        client.post_form("/imports/confirm", {"key": "x" * 24, "kind": "xlsform"}).status_code
        == 403
    )


def test_refused_file_is_a_form_error_and_saves_nothing(
    client: Any, login_as: Any, app: Any
) -> None:
    login_as(Role.FELLOW)
    data = {"kind": "limesurvey", "file": (io.BytesIO(b"<html/>"), "bad.lss")}
    response = client.post_form("/imports/", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "not a LimeSurvey export" in response.get_data(as_text=True)
    assert _surveys(app) == 0


def test_unknown_report_is_404(client: Any, login_as: Any) -> None:
    login_as(Role.ANALYST)
    assert client.get("/imports/999").status_code == 404


def test_uploads_left_waiting_for_a_day_are_removed(app: Any) -> None:
    import os
    import time

    from surveys.importers import uploads

    with app.test_request_context():
        old = uploads.kept("definition_imports", uploads.keep("definition_imports", "a.lsa", b"1"))
        os.utime(old, (time.time() - 2 * uploads.MAX_AGE,) * 2)
        fresh = uploads.kept("definition_imports", uploads.keep("definition_imports", "b", b"2"))
        assert not old.exists() and fresh.read_bytes() == b"2"
        assert uploads.original_name(fresh) == "b"
        fresh.unlink()
