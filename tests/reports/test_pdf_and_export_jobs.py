"""PDF export (parsed with pypdf) and large exports built by a job for their requester only."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from analysis.reports.models import AnalysisRun
from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient
from tests.reports.conftest import wait_for_jobs
from tests.reports.survey_factory import QUOTE_OK, QUOTE_PRIVATE, add_themes, make_survey_run


@pytest.fixture
def themed_run(app: Flask) -> Callable[..., int]:
    def make(published: bool = False) -> int:
        with app.app_context():
            run_id = make_survey_run(published=published)
            add_themes(run_id)
            return run_id

    return make


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_pdf_is_a_paginated_document_with_every_section(
    app: Flask, client: EngageClient, login_as: Callable, themed_run: Callable[..., int]
) -> None:
    run_id = themed_run()
    login_as(Role.ANALYST)
    response = client.get(f"/reports/{run_id}/export.pdf")
    assert response.mimetype == "application/pdf"
    pages, text = _text(response.data)
    assert pages >= 3 and f"Page {pages} of {pages}" in text
    for expected in ("Transit report", "Bus frequency", "Park safety", "Where people agree",
                     "Closed questions", "The county listens to residents", "95% interval",
                     "Response rates", "Privacy check", QUOTE_OK, QUOTE_PRIVATE):  # fmt: skip
        assert expected in text, expected
    assert "hidden (too few to show)" in text and "suppressed" in text
    assert "report.exported" in _actions(app)
    doc = Document(io.BytesIO(client.get(f"/reports/{run_id}/export.docx").data))
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    assert "trust: The county listens to residents." in cells and "suppressed" in cells


@pytest.mark.parametrize("role", (Role.COMMUNICATIONS, Role.VIEWER))
def test_pdf_for_readers_keeps_the_page_rules(
    client: EngageClient, make_user: Callable, themed_run: Callable[..., int], role: Role
) -> None:
    draft = themed_run()
    client.login(make_user(role).email)
    assert client.get(f"/reports/{draft}/export.pdf").status_code == 404
    with client.application.app_context():
        db.session.get(AnalysisRun, draft).state = "published"
        db.session.commit()
    _pages, text = _text(client.get(f"/reports/{draft}/export.pdf").data)
    assert "Bus frequency" in text and QUOTE_OK in text
    assert QUOTE_PRIVATE not in text  # no consent: never outside analysis
    assert "Zoo hidden (too few to show)" in text  # hidden groups show no count


@pytest.fixture
def small_job_threshold(app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(app.config, "REPORTS_EXPORT_JOB_UNITS", 50)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))


def _queue_export(client: EngageClient, url: str) -> int:
    page = client.get(url).get_data(as_text=True)
    assert "Prepare the file" in page
    response = client.post_form(f"{url.split('?')[0]}/job?{url.partition('?')[2]}")
    assert response.status_code == 302 and "/jobs/" in response.location
    return int(response.location.rsplit("/", 1)[1])


def test_large_export_runs_as_a_job_for_its_requester_only(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., Any],
    themed_run: Callable[..., int],
    small_job_threshold: None,
) -> None:
    run_id = themed_run()
    owner, other = make_user(Role.ANALYST), make_user(Role.ANALYST)
    client.login(owner.email)
    job_id = _queue_export(client, f"/reports/{run_id}/export.pdf")
    wait_for_jobs(app)
    job_page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Open the result" in job_page and f"/reports/exports/{job_id}" in job_page
    download = client.get(f"/reports/exports/{job_id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "Bus frequency" in _text(download.data)[1]
    csv_job = _queue_export(client, f"/reports/{run_id}/export.csv?sheet=statistics")
    wait_for_jobs(app)
    assert client.get(f"/reports/exports/{csv_job}").text.startswith("theme,group column")
    client.post_form("/logout")
    client.login(other.email)
    assert client.get(f"/reports/exports/{job_id}").status_code == 403
    assert client.get(f"/reports/exports/{job_id + 99}").status_code == 404
    actions = _actions(app)
    assert actions.count("report.export_queued") == 2 and actions.count("report.exported") == 2


def test_a_reader_loses_the_download_when_the_report_is_unpublished(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., Any],
    themed_run: Callable[..., int],
    small_job_threshold: None,
) -> None:
    run_id = themed_run(published=True)
    client.login(make_user(Role.VIEWER).email)
    job_id = _queue_export(client, f"/reports/{run_id}/export.xlsx")
    wait_for_jobs(app)
    with app.app_context():
        db.session.get(AnalysisRun, run_id).state = "draft"
        db.session.commit()
    assert client.get(f"/reports/exports/{job_id}").status_code == 404


@pytest.mark.parametrize("role", (Role.FELLOW, Role.ADMIN))
def test_fellows_and_admins_cannot_export(
    client: EngageClient, login_as: Callable, themed_run: Callable[..., int], role: Role
) -> None:
    run_id = themed_run(published=True)
    login_as(role)
    assert client.get(f"/reports/{run_id}/export.pdf").status_code == 403
    assert client.post_form(f"/reports/{run_id}/export.pdf/job").status_code == 403
    assert client.get("/reports/exports/1").status_code == 403
