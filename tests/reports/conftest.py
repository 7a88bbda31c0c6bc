"""Reports fixtures: real answers (Durham resident survey, Pol.is comments) as uploads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports import sources_upload
from analysis.reports.models import AnalysisRun
from analysis.reports.runs import start_run
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import shared_data

DURHAM = ("engagement_text", "durham_resident_survey_2021", "rss2021.csv")
POLIS = ("polis", "american-assembly.bowling-green", "comments.csv")


def durham_rows(per_group: int = 35) -> list[dict[str, str]]:
    """The first ``per_group`` city and county answers of the Durham survey (real text)."""
    with shared_data(*DURHAM).open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f))
    picked: list[dict[str, str]] = []
    for group in ("city", "county"):
        picked += [r for r in rows if r["survey"].strip() == group][:per_group]
    return picked


def durham_csv(per_group: int = 35) -> bytes:
    """Those answers as a Windows-1252 CSV, the way the survey was published."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["response", "page", "survey"])
    for row in durham_rows(per_group):
        writer.writerow([row["response"], row["page"], row["survey"].strip()])
    return out.getvalue().encode("cp1252")


def polis_csv(n: int = 60) -> bytes:
    with shared_data(*POLIS).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["moderated"] == "1"][:n]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["comment-id", "comment-body"])
    for row in rows:
        writer.writerow([row["comment-id"], row["comment-body"]])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def make_upload(app: Flask) -> Callable[..., int]:
    """Factory: store an upload of real answers, return its id."""

    def make(
        content: bytes | None = None,
        text: str = "response",
        groups: tuple[str, ...] = ("survey",),
        quotable: bool = True,
        filename: str = "durham.csv",
    ) -> int:
        with app.app_context():
            upload = sources_upload.create_upload(
                "Durham resident survey 2021", filename, content or durham_csv(), text,
                list(groups), quotable, None,
            )  # fmt: skip
            db.session.commit()
            return upload.id

    return make


def wait_for_jobs(app: Flask) -> None:
    app.extensions["engage_jobs"].join(timeout=600)


@pytest.fixture
def finished_run(
    app: Flask, make_upload: Callable[..., int], make_user: Callable[..., Any]
) -> Callable[..., int]:
    """Factory: a run over an upload, executed on the inline backend; returns its id."""

    def make(upload_id: int | None = None, parent_id: int | None = None) -> int:
        analyst = make_user(Role.ANALYST)
        upload_id = upload_id or make_upload()
        with app.app_context():
            parent = db.session.get(AnalysisRun, parent_id) if parent_id else None
            scope = {"sources": {"upload": {"ids": [upload_id]}}}
            run = start_run(scope, "Durham answers", analyst, parent=parent)
            db.session.commit()
            run_id = run.id
        wait_for_jobs(app)
        with app.app_context():
            run = db.session.get(AnalysisRun, run_id)
            assert run.status == "finished", run.error
        return run_id

    return make
