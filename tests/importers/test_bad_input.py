"""Hostile and broken files: clear errors naming the problem, exit code 2, nothing saved."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from engage.extensions import db
from surveys.importers.report import BadImport
from surveys.importers.services import import_definition
from surveys.models import Question, Survey


def workbook(survey: list[list[Any]], choices: list[list[Any]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        extra = book.create_sheet("choices")
        for row in choices:
            extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def surveys_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Survey))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("form.xlsx", b"", "empty"),
        ("form.xlsx", b"not a zip at all", "not a valid zip"),
        ("form.xlsx", workbook([["name", "label"], ["a", "A"]]), "no 'type' column"),
        ("form.xlsx", workbook([["type", "name"], ["geopoint", "where"]]), "no question"),
        ("form.json", b"{not json", "not a KoboToolbox form"),
        ("form.csv", b"type,name", "expected a file ending in"),
    ],
)
def test_refused_with_a_reason(ctx: None, name: str, data: bytes, message: str) -> None:
    with pytest.raises(BadImport, match=message):
        import_definition("xlsform", data, name, "test")
    db.session.rollback()
    assert surveys_count() == 0


def test_no_survey_sheet(ctx: None) -> None:
    book = openpyxl.Workbook()
    book.active.title = "questions"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(BadImport, match="no 'survey' sheet"):
        import_definition("xlsform", out.getvalue(), "f.xlsx", "test")


def test_zip_bomb_is_refused_before_unpacking(ctx: None) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    with pytest.raises(BadImport, match="compressed suspiciously well"):
        import_definition("xlsform", out.getvalue(), "bomb.xlsx", "test")


def test_formulas_are_never_evaluated(ctx: None) -> None:
    data = workbook([["type", "name", "label"], ["text", "q1", '=HYPERLINK("http://x","hi")']])
    entry = import_definition("xlsform", data, "f.xlsx", "test")
    question = entry.survey.questions[0]
    assert question.text == "q1"  # no cached value: the formula is not run, the name is used
    assert "no label" in entry.report["entries"][1]["message"]


def test_a_missing_choice_list_skips_only_that_question(ctx: None) -> None:
    data = workbook(
        [["type", "name", "label"], ["text", "q1", "One"], ["select_one empty", "q2", "Two"]],
        [["list_name", "name", "label"], ["other", "x", "X"]],
    )
    entry = import_definition("xlsform", data, "f.xlsx", "test")
    assert [q.code for q in entry.survey.questions] == ["q1"]
    assert entry.report["counts"] == {"imported": 2, "changed": 0, "skipped": 1}


def test_cli_refusal_mid_build_leaves_nothing(runner: Any, tmp_path: Path, app: Any) -> None:
    path = tmp_path / "form.xlsx"
    rows = [["type", "name", "label", "constraint"], ["text", "a", "A", ""]]
    path.write_bytes(workbook([*rows, ["integer", "n", "N", ". >= 10 and . <= 5"]]))
    result = runner.invoke(args=["import", "xlsform", str(path)])
    assert result.exit_code == 2
    assert "row 3 (n)" in result.stderr and "larger than the largest" in result.stderr
    with app.app_context():
        assert surveys_count() == 0
        assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_cli_imports_and_reports(runner: Any, tmp_path: Path, app: Any) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(
        workbook(
            [
                ["type", "name", "label", "relevant"],
                ["select_one yn", "a", "Do you?", ""],
                ["text", "b", "Why?", "${a} = ‘yes’"],
                ["geopoint", "c", "Where?", ""],
            ],
            [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        )
    )
    result = runner.invoke(args=["import", "xlsform", str(path)])
    assert result.exit_code == 0, result.output
    assert "skipped: row 4 c" in result.stderr
    assert "3 imported, 0 changed, 1 skipped" in result.stderr
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.code == "b"))
        assert question.condition == {"q": "a", "op": "equals", "value": "yes"}


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken"])
def test_cli_bad_file_exits_2_with_one_line(
    runner: Any, tmp_path: Path, app: Any, content: bytes
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = runner.invoke(args=["import", "xlsform", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 2  # the progress line and the error line
    assert result.stderr.splitlines()[-1].startswith("Error: bad.xlsx:")
    assert "Traceback" not in result.output
    with app.app_context():
        assert surveys_count() == 0


def test_cli_missing_file(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", "lss", str(tmp_path / "nope.lss")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("no such file.")
