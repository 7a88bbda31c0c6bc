"""Hypothesis through the import pages: whatever is uploaded, a page or a named refusal, no 500.

Examples share the test's signed-in client and survey (function-scoped fixtures run once).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage.auth.roles import Role
from engage.extensions import db
from tests.surveys.conftest import build_survey

#: bytes that start like the formats the pages accept, then go wrong
PREFIXES = st.sampled_from([b"", b"PK\x03\x04", b"<?xml version='1.0'?><document>",
                            b'{"content": {"survey": [', b"type,name,label\n"])  # fmt: skip
NAMES = st.sampled_from(["f.xlsx", "f.json", "f.lss", "f.lsa", "f.lsq", "f.csv", "f", "../f.lss"])
PAGES = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@pytest.fixture
def survey_id(app: Any, login_as: Any) -> Iterator[str]:
    """An analyst signed in, and a survey to import responses into; uploads left waiting by
    the examples are removed afterwards (they would otherwise wait a day in the instance)."""
    folders = [Path(app.instance_path) / n for n in ("response_imports", "definition_imports")]
    before = {p for folder in folders if folder.is_dir() for p in folder.iterdir()}
    login_as(Role.ANALYST)
    with app.app_context():
        survey = build_survey()
        db.session.commit()
        survey_id = str(survey.id)
    yield survey_id
    for path in {p for folder in folders if folder.is_dir() for p in folder.iterdir()} - before:
        path.unlink(missing_ok=True)


@PAGES
@given(PREFIXES, st.binary(max_size=200), NAMES, st.sampled_from(["xlsform", "limesurvey", "x"]))
def test_definition_uploads(client: Any, survey_id: str, prefix: bytes, body: bytes, name: str,
                            kind: str) -> None:  # fmt: skip
    data = {"kind": kind, "file": (io.BytesIO(prefix + body), name)}
    answer = client.post_form("/imports/", data, content_type="multipart/form-data")
    assert answer.status_code in (200, 400), answer.status_code


@PAGES
@given(st.binary(max_size=300), st.sampled_from(["r.csv", "r.xlsx", "r"]))
def test_response_uploads(client: Any, survey_id: str, body: bytes, name: str) -> None:
    upload = client.post_form("/imports/responses", {"survey": survey_id,
                              "file": (io.BytesIO(body), name)},
                              content_type="multipart/form-data")  # fmt: skip
    assert upload.status_code == 302, upload.status_code
    shown = client.get(upload.location)
    assert shown.status_code in (200, 400), shown.status_code
    checked = client.post_form(upload.location, {"survey": survey_id, "map-0": "q1",
                                                 "action": "preview"})  # fmt: skip
    assert checked.status_code in (200, 400, 404), checked.status_code
