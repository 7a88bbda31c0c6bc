"""The landscape report PDF: parsed with pypdf, staff only, audited."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import benchmarks, rubrics, waves
from engage.census.models import Wave
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from tests.census.conftest import Actor, full_answers, lead_of, new_wave
from tests.conftest import EngageClient


def _answered_wave(title: str, units: list[OrgUnit], level: int) -> Wave:
    rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    wave = new_wave(title, rubric, units)
    wave.open()
    for assessment in wave.assessments:
        waves.submit_assessment(assessment, full_answers(wave, level), Actor())
    return wave


@pytest.fixture
def two_waves(app: Flask) -> dict[str, Any]:
    """Census 2025 (everyone at level 2) and Census 2026 (level 3, one score reviewed to 1)."""
    with app.app_context():
        units = [OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=n) for n in ("Parks", "Zoo")]
        db.session.add_all(units)
        db.session.flush()
        first = _answered_wave("Census 2025", units, 2)
        first.close()
        later = _answered_wave("Census 2026", units, 3)
        zoo = next(a for a in later.assessments if a.org_unit.name == "Zoo")
        waves.review_score(zoo.scores[0], 1, "No written plan", Actor())
        values = {
            "name": "Vital documents translated",
            "org_unit_id": units[0].id,
            "metric_kind": "manual",
            "source": "Language access audit",
            "baseline_value": 20.0,
            "baseline_date": date(2025, 1, 1),
            "target_value": 80.0,
            "due_date": date(2030, 1, 1),
        }
        benchmarks.save_benchmark(None, values, Actor())
        db.session.commit()
        return {
            "first": first.id,
            "later": later.id,
            "parks": units[0].id,
            "dims": [d.name for d in later.rubric.dimensions],
        }


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_the_landscape_pdf_has_heatmap_strengths_change_and_benchmarks(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], two_waves: dict[str, Any]
) -> None:
    login_as(Role.ANALYST)
    response = client.get(f"/census/waves/{two_waves['later']}/landscape.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, text = _text(response.data)
    assert pages >= 2 and f"Page {pages} of {pages}" in text
    for expected in (
        "Equity census landscape: Census 2026",
        "Parks",
        "Zoo",
        *two_waves["dims"],
        "Strengths and gaps across the county",
        "Change since the previous wave",
        "Census 2025",
        "2 → 3 (+1)",
        "2 → 1 (-1)",
        "1*",
        "Vital documents translated",
        "Not yet measured",
        "Gaps: Leadership and accountability (2)",
    ):
        assert expected in text, expected
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "census.exported"))
        assert event.object_id == str(two_waves["later"])
        assert event.detail == {"what": "landscape", "format": "pdf"}


def test_the_first_wave_says_there_is_nothing_to_compare(
    client: EngageClient, login_as: Callable[[Role], User], two_waves: dict[str, Any]
) -> None:
    login_as(Role.ADMIN)
    response = client.get(f"/census/waves/{two_waves['first']}/landscape.pdf")
    assert "There is no earlier wave to compare with." in _text(response.data)[1]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.FELLOW, Role.COMMUNICATIONS])
def test_leads_and_other_roles_cannot_take_the_pdf(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., User],
    two_waves: dict[str, Any],
    role: Role,
) -> None:
    person = make_user(role)
    lead_of(app, person.id, two_waves["parks"])
    client.login(person.email)
    assert client.get(f"/census/waves/{two_waves['later']}/landscape.pdf").status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.action == "census.exported"))
            is None
        )
