"""LimeSurvey import against every file in ../shared/data/limesurvey."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from engage.extensions import db
from surveys.importers.limesurvey_read import read_document, tables
from surveys.importers.report import BadImport
from surveys.importers.safety import parse_xml
from surveys.importers.services import import_definition
from surveys.models import Response
from tests.conftest import shared_data
from tests.importers.conftest import by_code, outcomes

FILES = [
    "limesurvey_group_472.lsg",
    "limesurvey_question_import_question_test.lsq",
    "limesurvey_survey_376789_quotas.lss",
    "limesurvey_survey_allinoneCondition.lss",
    "ls205_group_relevance.lss",
    "ls6_sample_survey_multilingual_fr_de_en_it.lss",
    "survey-dual-scale-question-api-test.lss",
    "survey_simple_statistics.lsa",
]


@pytest.mark.parametrize("name", FILES)
def test_every_file_imports_and_reports_every_question(name: str, imported: Any) -> None:
    path = shared_data("limesurvey", name)
    entry = imported("limesurvey", path)
    doc = read_document(path.read_bytes(), name)
    top = [q for q in doc.questions if q.parent == "0"]
    reported = {e["where"] for e in entry.report["entries"]}
    for question in top:  # none silently dropped
        assert f"question {question.title}" in reported, question.title
    assert entry.survey.questions


def test_old_format_inline_languages(imported: Any) -> None:
    """DBVersion 177: text inline with a language column; group relevance on sections."""
    entry = imported("limesurvey", shared_data("limesurvey", "ls205_group_relevance.lss"))
    questions = by_code(entry.survey)
    assert questions["name"].type == "short_text" and questions["name"].required
    assert questions["age"].type == "number"
    assert questions["gender"].condition == {"q": "name", "op": "answered"}
    assert len(questions["p1rel"].options) == 12
    person2 = next(s for s in entry.survey.sections if s.title == "Person 2")
    assert person2.condition == {
        "all": [{"q": "cohabs", "op": "gt", "value": "1"}, {"q": "p1rel", "op": "answered"}]
    }
    # count(...) == cohabs cannot be expressed: reported, the section is shown.
    assert any("count(" in e["message"] for e in entry.report["entries"])


def test_new_format_l10ns_languages_and_conditions(imported: Any) -> None:
    path = shared_data("limesurvey", "ls6_sample_survey_multilingual_fr_de_en_it.lss")
    entry = imported("limesurvey", path)
    survey = entry.survey
    assert survey.languages == ["en"]  # fr, de-informal, he, it are reported
    skipped = {e["name"] for e in entry.report["entries"] if e["outcome"] == "skipped"}
    assert {"language fr", "language de-informal", "language he", "language it"} <= skipped
    questions = by_code(survey)
    counted = Counter(q.type for q in survey.questions)
    assert counted["matrix"] == 1 and questions["A"].settings["points"] == 5
    assert questions["Y"].options == [{"value": "Y", "label": "Yes"}, {"value": "N", "label": "No"}]
    assert questions["M"].type == "multiple_choice" and len(questions["M"].options) == 4
    assert questions["R"].type == "ranking"
    assert questions["q5"].type == "likert"
    # Checkbox conditions by SGQA name: (QCS1 SH101 or SH102) or (QCS2 SQ201 or SQ202), each
    # "one of" stored as Engage's builder writes it.
    assert questions["QCS3"].condition == {
        "any": [
            {"q": "QCS1", "op": "in", "value": ["SH101", "SH102"]},
            {"q": "QCS2", "op": "in", "value": ["SQ201", "SQ202"]},
        ]
    }
    assert outcomes(entry, "FI") == ["skipped"]  # file upload
    assert outcomes(entry, "AT") == ["skipped"]  # array of texts
    assert "F_SQ01" in questions  # a 4-column array becomes one question per row


def test_conditions_and_spanish_translations(imported: Any) -> None:
    entry = imported(
        "limesurvey", shared_data("limesurvey", "limesurvey_survey_allinoneCondition.lss")
    )
    assert by_code(entry.survey)["G02Q02"].condition == {"q": "Q00", "op": "equals", "value": "F"}
    dual = imported(
        "limesurvey", shared_data("limesurvey", "survey-dual-scale-question-api-test.lss")
    )
    assert dual.survey.languages == ["en", "es"]
    question = by_code(dual.survey)["G01Q06"]
    assert set(question.translations["es"]["options"]) == {o["value"] for o in question.options}


def test_single_question_and_group_files(imported: Any) -> None:
    lsq = imported(
        "limesurvey", shared_data("limesurvey", "limesurvey_question_import_question_test.lsq")
    )
    (question,) = lsq.survey.questions
    assert (question.code, question.type, question.help) == (
        "Q00",
        "long_text",
        "This is a question help text.",
    )
    lsg = imported("limesurvey", shared_data("limesurvey", "limesurvey_group_472.lsg"))
    assert [q.text for q in lsg.survey.questions] == ["First question", "Second question"]
    assert lsg.survey.sections[0].title == "Imported group"


def test_lsa_brings_its_responses(imported: Any) -> None:
    path = shared_data("limesurvey", "survey_simple_statistics.lsa")
    entry = imported("limesurvey", path)
    responses = list(
        db.session.scalars(select(Response).where(Response.survey_id == entry.survey_id))
    )
    doc = read_document(path.read_bytes(), path.name)
    complete = [r for r in doc.responses if r.get("submitdate")]
    assert len(responses) == len(complete) == 10
    questions = {q.id: q.code for q in entry.survey.questions}
    got = Counter((questions[a.question_id], a.value) for r in responses for a in r.answers)
    expected = Counter(
        (code, row[column])
        for row in complete
        for column, code in (
            ("939146X2X2", "Q00"),
            ("939146X3X3", "G02Q02"),
            ("939146X3X4", "G02Q03"),
        )
        if row.get(column)
    )
    assert got == expected
    assert {r.submitted_on.isoformat() for r in responses} == {"1980-01-01"}


def test_entities_and_malformed_xml_are_refused(ctx: None) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>'
    with pytest.raises(BadImport, match="entities or a DTD"):
        import_definition("limesurvey", bomb, "x.lss", "test")
    with pytest.raises(BadImport, match="malformed"):
        import_definition("limesurvey", b"<document><LimeSurveyDocType>", "x.lss", "test")
    with pytest.raises(BadImport, match="not a LimeSurvey export"):
        import_definition("limesurvey", b"<html/>", "x.lss", "test")
    with pytest.raises(BadImport, match="not a valid zip"):
        import_definition("limesurvey", b"junk", "x.lsa", "test")


def test_tables_reader_keeps_every_row() -> None:
    root = parse_xml(shared_data("limesurvey", "limesurvey_group_472.lsg").read_bytes(), "g")
    assert len(tables(root)["questions"]) == 2


def test_cli_lss_with_responses(runner: Any, app: Any) -> None:
    path = shared_data("limesurvey", "survey_simple_statistics.lsa")
    result = runner.invoke(args=["import", "lss", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 imported, 0 changed, 0 skipped" in result.stderr  # 3 questions + the responses
