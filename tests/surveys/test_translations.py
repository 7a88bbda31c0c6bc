"""The XLSX translation round-trip: stable keys, validation by row, stale English flagged."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys import translation_files
from surveys.models import Question, Survey
from tests.surveys.conftest import build_survey

LANGS = ("en", "es", "hmn")


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield
        db.session.rollback()


def _survey() -> Survey:
    survey = build_survey(languages=LANGS)
    survey.intro, survey.thanks = "Thank you for taking part.", "We publish results in May."
    survey.sections[0].intro = "A few questions about you."
    likert = survey.questions[2]
    likert.help = "Think of the last year."
    likert.options = [{"value": str(n), "label": f"Level {n}"} for n in range(1, 6)]
    likert.options[0]["label"] = "-2 (very low)"  # a spreadsheet would read it as a formula
    db.session.flush()
    return survey


def _table(data: bytes) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(data))["translations"].values]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.title = "translations"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_has_one_row_per_string_with_stable_keys(ctx):
    survey = _survey()
    header, *rows = _table(translation_files.workbook_bytes(survey))
    assert header == ["key", "where", "en", "es", "hmn"]
    keys = [row[0] for row in rows]
    section = survey.sections[0]
    for key in (
        "survey.title",
        "survey.intro",
        "survey.thanks",
        f"section.{section.id}.title",
        f"section.{section.id}.intro",
        "q1.text",
        "q1.option.yes",
        "q3.help",
        "q3.option.5",
        "q5.row.speed",
        "q7.option.housing",
    ):
        assert key in keys, key
    assert len(keys) == len(set(keys)) and "survey.intro" in keys and "q2.help" not in keys
    by_key = {row[0]: row for row in rows}
    assert by_key["q1.option.yes"][2:] == ["Yes", "[es] Yes", "[hmn] Yes"]
    assert by_key["q3.option.1"][1] == "q3 Likert label"
    assert by_key["q3.option.1"][2] == "'-2 (very low)"  # neutralised
    assert by_key["survey.title"][3] is None  # not translated yet
    section_keys_before = keys
    survey.sections.reverse()  # reordering does not change any key
    again = [row[0] for row in _table(translation_files.workbook_bytes(survey))[1:]]
    assert sorted(again) == sorted(section_keys_before)


def test_import_round_trip_reports_by_row_and_flags_changed_english(ctx):
    survey = _survey()
    table = _table(translation_files.workbook_bytes(survey))
    rows = {row[0]: (n, row) for n, row in enumerate(table, start=1)}
    rows["survey.title"][1][3:] = ["Encuesta de prueba", "Daim ntawv nug"]
    rows["q1.text"][1][3] = "¿Trabaja para el condado?"
    rows["q3.option.1"][1][3] = "'+2 (muy bajo)"
    rows["q1.option.no"][1][3] = None  # emptied: the old translation stays
    table.append(["q99.text", "q99 question", "Gone", "Ido", ""])
    survey.questions[0].text = "Do you work for Milwaukee County?"  # changed after export
    report = translation_files.import_workbook(survey, _xlsx(table), "test")
    assert survey.translations["es"]["title"] == "Encuesta de prueba"
    assert survey.translations["hmn"]["title"] == "Daim ntawv nug"
    q1, q3 = survey.questions[0], survey.questions[2]
    assert q1.translations["es"]["text"] == "¿Trabaja para el condado?"
    assert q1.translations["es"]["options"]["no"] == "[es] No"
    assert q3.translations["es"]["options"]["1"] == "+2 (muy bajo)"
    n = len(table)
    assert report.skipped == [f"Row {n}: unknown key q99.text; row not imported."]
    assert f"Row {rows['q1.option.no'][0]} (q1.option.no): no Spanish (es) text." in report.empty
    assert len(report.flagged) == 1 and report.flagged[0].startswith(f"Row {rows['q1.text'][0]}")
    assert "Milwaukee County" in report.flagged[0]
    assert report.updated == 4 and report.missing == []
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "survey.translations_imported")
    ).one()
    assert event.detail["updated"] == 4
    assert event.detail["before"]["q1.text"] == {"es": "[es] Do you work for the county?"}


def test_strings_missing_from_the_file_are_listed(ctx):
    survey = _survey()
    report = translation_files.import_workbook(
        survey,
        _xlsx([["key", "en", "es"], ["q1.text", survey.questions[0].text, "¿Trabaja?"]]),
        "t",
    )
    assert report.updated == 1 and "q13.text" in report.missing and "q1.text" not in report.missing


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["clave", "en", "es"]], "must name the columns key and en"),
        ([["key", "en", "fr"]], "no es or hmn column"),
        ([["key", "en", "es"], ["q1.text", "x", "a"], ["q1.text", "x", "b"]], "Rows 2 and 3"),
        ([["key", "en", "es"], ["q1.text", "x", "a" * 10_001]], "Row 2: a cell is longer"),
    ],
)
def test_bad_files_are_refused_whole(ctx, rows, message):
    survey = _survey()
    with pytest.raises(DomainError, match=message):
        translation_files.import_workbook(survey, _xlsx(rows), "test")


def test_builder_download_and_upload(app, client, make_survey, make_user):
    fellow = make_user(Role.FELLOW)
    survey = make_survey(owner_id=fellow.id, languages=LANGS)
    client.login(fellow.email)
    assert "translations.xlsx" in client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    download = client.get(f"/surveys/{survey.id}/translations.xlsx")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    table = _table(download.data)
    table[[r[0] for r in table].index("q1.text")][3] = "¿Trabaja usted para el condado?"
    upload = client.post_form(
        f"/surveys/{survey.id}/translations",
        {"file": (io.BytesIO(_xlsx(table)), "t.xlsx")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200 and "Translations updated: 1." in upload.get_data(as_text=True)
    bad = client.post_form(
        f"/surveys/{survey.id}/translations",
        {"file": (io.BytesIO(b"not a spreadsheet"), "t.xlsx")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "not a valid zip" in bad.get_data(as_text=True)
    with app.app_context():
        q1 = db.session.scalars(select(Question).where(Question.code == "q1")).one()
        assert q1.translations["es"]["text"] == "¿Trabaja usted para el condado?"
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert {"survey.translations_exported", "survey.translations_imported"} <= set(actions)
