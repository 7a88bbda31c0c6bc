"""The landscape report PDF: parsed with pypdf, staff only, audited."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient


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
    login_lead: Callable[..., User],
    two_waves: dict[str, Any],
    role: Role,
) -> None:
    login_lead(role, two_waves["parks"])
    assert client.get(f"/census/waves/{two_waves['later']}/landscape.pdf").status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.action == "census.exported"))
            is None
        )
