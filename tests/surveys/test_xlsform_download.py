"""The XLSForm definition download (survey page) and ``engage export xlsform`` (CLI)."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.extensions import db


def _sheets(data: bytes) -> list[str]:
    return openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def test_those_who_manage_a_survey_download_its_xlsform(app, client, make_survey, login_as):
    survey = make_survey(languages=("en", "es"))
    login_as(Role.ANALYST)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    url = f"/surveys/{survey.id}/definition.xlsx"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    assert "xlsform.xlsx" in response.headers["Content-Disposition"]
    assert _sheets(response.data)[:3] == ["survey", "choices", "settings"]
    with app.app_context():
        formats = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "survey.exported")
        ).all()
    assert [d["format"] for d in formats] == ["xlsform"]


def test_others_may_not_download_it(client, make_survey, make_user):
    owner, other = make_user(Role.FELLOW), make_user(Role.FELLOW)
    survey = make_survey(owner_id=owner.id)
    url = f"/surveys/{survey.id}/definition.xlsx"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.login(other.email)
    assert client.get(url).status_code == 403  # a fellow it is not shared with
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "definition.xlsx" not in page
    client.post_form("/logout")
    client.login(owner.email)
    assert client.get(url).status_code == 200
    client.post_form("/logout")
    client.login(make_user(Role.COMMUNICATIONS).email)
    assert client.get(url).status_code == 403


def test_cli_writes_the_workbook_and_refuses_bad_input(make_survey, runner, tmp_path):
    survey = make_survey()
    out = tmp_path / "form.xlsx"
    done = runner.invoke(args=["export", "xlsform", "--survey", survey.slug, "--output", str(out)])
    assert done.exit_code == 0, done.output
    assert _sheets(out.read_bytes())[:3] == ["survey", "choices", "settings"]
    again = runner.invoke(args=["import", "xlsform", str(out)])
    assert again.exit_code == 0, again.output
    bad = runner.invoke(args=["export", "xlsform", "--survey", "nope", "--output", str(out)])
    assert bad.exit_code == 2 and "nope" in bad.output and bad.output.strip().count("\n") == 0
    folder = runner.invoke(
        args=["export", "xlsform", "--survey", survey.slug, "--output", str(tmp_path)]
    )
    assert folder.exit_code == 2 and "cannot write" in folder.output
