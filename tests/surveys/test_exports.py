"""Exports: CSV/XLSX/SAV columns, codes and labels, formula neutralisation, audit, CLI."""

from __future__ import annotations

import csv
import io

import pyreadstat
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.extensions import db
from surveys.exports import neutralise
from tests.surveys.test_respond import PAGE1, PAGE2, post

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@given(st.text(max_size=50))
def test_neutralised_cells_never_start_a_formula(value):
    cell = neutralise(value)
    assert not cell.startswith(DANGEROUS)
    assert cell == value or cell == "'" + value  # nothing else about the text changes


@given(st.sampled_from(DANGEROUS), st.text(max_size=20))
def test_every_formula_start_is_neutralised(start, rest):
    assert neutralise(start + rest) == "'" + start + rest


def test_non_text_cells_are_untouched():
    assert neutralise(-3) == -3 and neutralise(None) is None


def _answer(client, slug, long_text):
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    html = post(client, slug, html, PAGE1).get_data(as_text=True)
    html = post(client, slug, html, {**PAGE2, "q.q8": long_text}).get_data(as_text=True)
    assert post(client, slug, html, {"q.q13": "yes"}).status_code == 303


def test_csv_has_a_column_per_option_codes_labels_and_safe_text(app, client, make_survey, login_as):
    survey = make_survey()
    _answer(client, survey.slug, '=HYPERLINK("http://evil")')
    login_as(Role.ANALYST)
    response = client.get(f"/surveys/{survey.id}/export.csv")
    assert response.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["q1"] == "yes" and row["q1_label"] == "Yes"
    assert row["q4.parks"] == "1" and row["q4.transit"] == "0" and row["q4.other"] == "Libraries"
    assert row["q5.speed"] == "4" and row["q5.respect"] == ""
    assert row["q7.housing"] == "1" and row["q7.jobs"] == "2" and row["q7.safety"] == ""
    assert row["q8"] == '\'=HYPERLINK("http://evil")'
    assert (
        row["q12.race.asian"] == "1"
        and row["q12.detail.hmong"] == "1"
        and row["q12.age"] == "25_34"
    )
    with app.app_context():
        assert db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "survey.exported")
        ).all()


def test_xlsx_and_definition_json(app, client, make_survey, make_user):
    fellow = make_user(Role.FELLOW)
    survey = make_survey(owner_id=fellow.id)
    _answer(client, survey.slug, "@SUM(A1)")
    client.login(fellow.email)
    book = load_workbook(io.BytesIO(client.get(f"/surveys/{survey.id}/export.xlsx").data))
    header, values = list(book["responses"].iter_rows(values_only=True))
    assert dict(zip(header, values, strict=True))["q8"] == "'@SUM(A1)"
    codebook = {r[0]: r[2] for r in book["codebook"].iter_rows(values_only=True)}
    assert "1 = Strongly disagree" in codebook["q3"]
    definition = client.get(f"/surveys/{survey.id}/export.json").get_json()
    assert definition["schema"] == "engage.survey/1"
    assert [q["code"] for q in definition["sections"][0]["questions"]] == ["q1", "q2", "q3"]


def test_sav_has_value_labels(client, make_survey, login_as, tmp_path):
    survey = make_survey()
    _answer(client, survey.slug, "Plain answer")
    login_as(Role.ADMIN)
    path = tmp_path / "out.sav"
    path.write_bytes(client.get(f"/surveys/{survey.id}/export.sav").data)
    frame, meta = pyreadstat.read_sav(str(path))
    assert frame.loc[0, "q3"] == 5 and meta.variable_value_labels["q3"][5.0] == "Strongly agree"
    assert frame.loc[0, "q8"] == "Plain answer"
    assert meta.column_names_to_labels["q1"] == "Do you work for the county?"


def test_cli_exports_and_rejects_bad_input(client, make_survey, runner, tmp_path):
    survey = make_survey()
    _answer(client, survey.slug, "From the CLI")
    for fmt in ("csv", "xlsx", "sav"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            args=[
                "export",
                "responses",
                "--survey",
                survey.slug,
                "--format",
                fmt,
                "--output",
                str(out),
            ]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    bad = runner.invoke(
        args=[
            "export",
            "responses",
            "--survey",
            "nope",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "x.csv"),
        ]
    )
    assert bad.exit_code == 2 and bad.output.strip().count("\n") == 0 and "nope" in bad.output
    bad = runner.invoke(
        args=[
            "export",
            "responses",
            "--survey",
            survey.slug,
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x"),
        ]
    )
    assert bad.exit_code == 2 and "--format" in bad.output
