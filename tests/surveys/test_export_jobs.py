"""Large XLSX/SAV exports run as jobs, downloadable by their requester only, audited."""

from __future__ import annotations

import io
from pathlib import Path

import pyreadstat
import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from tests.surveys.test_respond import complete


@pytest.fixture(autouse=True)
def small_job_threshold(app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(app.config, "SURVEYS_EXPORT_JOB_RESPONSES", 2)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))


def _job(app, client, survey_id, fmt):
    page = client.get(f"/surveys/{survey_id}/export.{fmt}")
    assert page.status_code == 200 and "built in the background" in page.get_data(as_text=True)
    queued = client.post_form(f"/surveys/{survey_id}/export.{fmt}/job")
    assert queued.status_code == 302 and "/jobs/" in queued.location
    app.extensions["engage_jobs"].join(timeout=120)
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert job.status == JobStatus.FINISHED, job.error
        return job.id, job.result


@pytest.mark.parametrize("fmt", ["xlsx", "sav"])
def test_large_export_is_a_job_for_its_requester_only(
    app, client, make_survey, make_user, tmp_path, fmt
):
    owner, colleague = make_user(Role.FELLOW), make_user(Role.ANALYST)
    survey = make_survey(owner_id=owner.id)
    for _ in range(3):
        complete(client, survey.slug)
    client.login(owner.email)
    job_id, result = _job(app, client, survey.id, fmt)
    assert result["url"] == f"/surveys/exports/{job_id}" and result["responses"] == 3
    assert "Open the result" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    download = client.get(result["url"])
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(download.data))["responses"]
        assert sheet.max_row == 4  # header and three responses
    else:
        (tmp_path / "out.sav").write_bytes(download.data)
        frame, _meta = pyreadstat.read_sav(str(tmp_path / "out.sav"))
        assert len(frame) == 3
    client.post_form("/logout")
    client.login(colleague.email)  # an analyst may export the survey, but not take this file
    assert client.get(result["url"]).status_code == 403
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions.count("survey.export_queued") == 1 and actions.count("survey.exported") == 1


def test_small_exports_and_csv_download_at_once(app, client, make_survey, login_as):
    survey = make_survey()
    complete(client, survey.slug)
    login_as(Role.ANALYST)
    assert client.get(f"/surveys/{survey.id}/export.xlsx").mimetype.endswith("sheet")
    for _ in range(2):
        complete(client, survey.slug)
    assert client.get(f"/surveys/{survey.id}/export.csv").mimetype == "text/csv"


def test_a_fellow_cannot_queue_or_download_an_export_of_someone_elses_survey(
    app, client, make_survey, make_user
):
    owner, other = make_user(Role.FELLOW), make_user(Role.FELLOW)
    survey = make_survey(owner_id=owner.id)
    for _ in range(3):
        complete(client, survey.slug)
    client.login(owner.email)
    job_id, result = _job(app, client, survey.id, "xlsx")
    client.post_form("/logout")
    client.login(other.email)
    assert client.post_form(f"/surveys/{survey.id}/export.xlsx/job").status_code == 403
    assert client.get(result["url"]).status_code == 403
    assert client.get(f"/jobs/{job_id}").status_code == 403
