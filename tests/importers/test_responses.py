"""Responses from other tools' spreadsheets: mapping, per-row checks, all or nothing."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from surveys.importers.report import BadImport
from surveys.importers.responses import import_responses
from surveys.importers.responses_read import read_sheet
from surveys.models import Response, Survey
from tests.surveys.conftest import build_survey

HEADER = ["Timestamp", "Do you work for the county?", "Services", "Speed", "Agree", "Notes"]
GOOD = [
    ["5/1/2026 14:03:22", "Yes", "Parks;Transit", "2", "Yes", "Más autobuses"],
    ["5/2/2026 09:00:00", "no", "Parks, Library", "5", "", "Café hours"],
]
MAP = {"Timestamp": "submitted_on", "Do you work for the county?": "q1", "Services": "q4",
       "Speed": "q5.speed", "Agree": "q13", "Notes": "q8"}  # fmt: skip


def _csv(rows: list[list[str]], encoding: str = "cp1252") -> bytes:
    lines = [",".join(f'"{c}"' for c in row) for row in [HEADER, *rows]]
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def survey(app: Flask) -> Any:
    with app.app_context():
        made = build_survey()
        db.session.commit()
        return type("Ref", (), {"id": made.id, "slug": made.slug})()


def _import(app: Flask, survey_id: int, data: bytes, name: str = "google.csv") -> Any:
    with app.app_context():
        found = db.session.get(Survey, survey_id)
        entry = import_responses(found, read_sheet(data, name), name, MAP, "test")
        db.session.commit()
        return entry.report


def _stored(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        out = []
        for r in db.session.query(Response).order_by(Response.submitted_on):
            survey = db.session.get(Survey, r.survey_id)
            by_id = {q.id: q.code for q in survey.questions}
            out.append(
                {"day": r.submitted_on, **{by_id[a.question_id]: a.value for a in r.answers}}
            )
        return out


def test_a_windows_1252_google_forms_export_is_imported(app: Flask, survey: Any) -> None:
    report = _import(app, survey.id, _csv(GOOD))
    first, second = _stored(app)
    assert first["day"] == date(2026, 5, 1) and second["day"] == date(2026, 5, 2)
    assert first["q1"] == "yes" and first["q4"] == {"selected": ["parks", "transit"], "other": ""}
    assert second["q4"] == {"selected": ["parks", "_other"], "other": "Library"}
    assert first["q5"] == {"speed": 2} and first["q13"] is True and "q13" not in second
    assert first["q8"] == "Más autobuses"
    assert report["counts"]["skipped"] == 0
    assert any("only the day" in e["message"] for e in report["entries"])


def test_xlsx_with_real_dates_and_utf8_csv(app: Flask, survey: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append([datetime(2026, 6, 3, 8, 30), "Yes", "Transit", 3, "yes", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    _import(app, survey.id, out.getvalue(), "forms.xlsx")
    _import(app, survey.id, _csv(GOOD[:1], "utf-8-sig"))
    rows = _stored(app)
    assert rows[0]["day"] == date(2026, 5, 1) and rows[1]["day"] == date(2026, 6, 3)
    assert "q8" not in rows[1]  # a formula is never evaluated (no cached value: empty)


def test_one_bad_row_refuses_the_whole_file(app: Flask, survey: Any) -> None:
    bad = [*GOOD, ["5/3/2026", "Maybe", "", "9", "", ""], ["not a date", "Yes", "", "", "", ""]]
    with pytest.raises(BadImport, match=r"row 4: q1: .*; .*\(1 more rows have errors\)"):
        _import(app, survey.id, _csv(bad))
    assert _stored(app) == []


@pytest.mark.parametrize(
    ("mapping", "message"),
    [({"Nope": "q1"}, "no column 'Nope'"), ({"Notes": "q99"}, "is not a question"),
     ({"Timestamp": "submitted_on"}, "at least one column"), ({"Notes": 3}, "must be an object")],
)  # fmt: skip
def test_bad_mappings_are_named(app: Flask, survey: Any, mapping: dict, message: str) -> None:
    with app.app_context(), pytest.raises(BadImport, match=message):
        found = db.session.get(Survey, survey.id)
        import_responses(found, read_sheet(_csv(GOOD), "x.csv"), "x.csv", mapping, "test")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"", "x.csv", "empty"), (b"\x00\x01binary", "x.csv", "binary"),
     (b"PK\x03\x04junk", "x.xlsx", "not a valid zip"), (b"\n\n", "x.csv", "no header")],
)  # fmt: skip
def test_unreadable_files_are_refused(data: bytes, name: str, message: str) -> None:
    with pytest.raises(BadImport, match=message):
        read_sheet(data, name)


def test_cli_imports_and_refuses_with_exit_2(
    app: Flask, survey: Any, runner: Any, tmp_path: Path
) -> None:
    data, mapping = tmp_path / "r.csv", tmp_path / "map.json"
    data.write_bytes(_csv(GOOD))
    mapping.write_text(json.dumps(MAP))
    args = ["import", "responses", "--survey", survey.slug, "--map", str(mapping), str(data)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0 and "2 responses" in result.output
    mapping.write_text("{broken")
    for bad_args in (args, [*args[:3], "nope", *args[4:]]):
        result = runner.invoke(args=bad_args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert len(_stored(app)) == 2


TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_upload_map_check_and_import_in_the_browser(
    app: Flask, client: Any, survey: Any, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.ANALYST)
    upload = client.post_form(
        "/imports/responses",
        {"survey": str(survey.id), "file": (io.BytesIO(_csv(GOOD)), "google.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    page = client.get(upload.location)
    html = page.get_data(as_text=True)
    assert 'value="q1" selected' in html and 'value="submitted_on" selected' in html
    fields = {f"map-{i}": MAP[h] for i, h in enumerate(HEADER)}
    checked = client.post_form(upload.location, {**fields, "survey": str(survey.id),
                                                 "action": "preview"})  # fmt: skip
    assert "All 2 rows can be imported" in checked.get_data(as_text=True)
    assert _stored(app) == []
    done = client.post_form(upload.location, {**fields, "survey": str(survey.id),
                                              "action": "import"})  # fmt: skip
    assert done.status_code == 302 and len(_stored(app)) == 2
    assert client.get(upload.location).status_code == 404  # the upload is gone


def test_a_fellow_cannot_import_into_a_survey_they_do_not_manage(
    app: Flask,
    client: Any,
    survey: Any,
    make_user: Callable[..., User],
    login_as: Callable[[Role], User],
) -> None:
    analyst = app.test_client()
    analyst.login(make_user(Role.ANALYST).email)
    upload = analyst.post_form(
        "/imports/responses",
        {"survey": str(survey.id), "file": (io.BytesIO(_csv(GOOD)), "google.csv")},
        content_type="multipart/form-data",
    )
    login_as(Role.FELLOW)
    assert f'value="{survey.id}"' not in client.get("/imports/responses").get_data(as_text=True)
    assert client.get(upload.location).status_code == 403
    fields = {f"map-{i}": MAP[h] for i, h in enumerate(HEADER)}
    refused = client.post_form(upload.location, {**fields, "action": "import"})
    assert refused.status_code == 403 and _stored(app) == []


def test_viewers_cannot_import_responses(client: Any, login_as: Callable[[Role], User]) -> None:
    login_as(Role.VIEWER)
    assert client.get("/imports/responses").status_code == 403
