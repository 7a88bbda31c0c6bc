"""Nothing a source file says is dropped silently: imported where Engage can, else reported."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from surveys.importers.limesurvey_read import read_document
from surveys.importers.services import import_definition
from surveys.importers.xlsform_read import read_form
from tests.conftest import shared_data
from tests.importers.conftest import by_code
from tests.importers.test_bad_input import workbook

XLSFORM_COLUMNS = ("constraint_message", "default", "read_only")
#: columns with a meaning in Engage (the rest must be named on their row when not kept)
KNOWN_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint",
                 "appearance", "choice_filter", "constraint_message", "default",
                 "read_only"}  # fmt: skip


def _messages(entry: Any, where: str) -> str:
    return " ".join(e["message"] for e in entry.report["entries"] if e["where"] == where)


def test_xlsform_columns_engage_lacks_are_reported_by_row(imported: Any) -> None:
    for name in (
        "pyxform_xlsform_spec_test.xlsx",
        "odkdocs_recensement_etablissements_scolaires_24.xlsx",
    ):
        path = shared_data("xlsform", name)
        entry = imported("xlsform", path)
        checked = 0
        for number, row in read_form(path.read_bytes(), name).survey:
            said = _messages(entry, f"row {number}")
            structural = row.get("type", "").replace("_", " ").startswith("end ")
            assert said or structural, (name, number)  # every row but 'end group' has a line
            if "skipped" in {e["outcome"] for e in entry.report["entries"]
                             if e["where"] == f"row {number}"}:  # fmt: skip
                continue  # the whole row was skipped, with its reason
            for column in XLSFORM_COLUMNS:
                if any(k.startswith(column) for k in row) and row.get(column, "x").lower() != "no":
                    assert column in said, (name, number, column, said)
                    checked += 1
            for look in row.get("appearance", "").split():
                if look != "multiline":  # group appearances too (field-list, table-list)
                    assert look in said, (name, number, look)
                    checked += 1
            for column in row:
                if column.partition("::")[0] not in KNOWN_COLUMNS:
                    assert column in said, (name, number, column, said)
                    checked += 1
        assert checked > 0, name


def test_xlsform_group_appearances_say_what_became_of_them(imported: Any) -> None:
    entry = imported("xlsform", shared_data("xlsform", "pyxform_UCL_Biomass_Plot_Form.xlsx"))
    group = next(e for e in entry.report["entries"] if e["where"] == "row 2")  # field-list
    assert group["outcome"] == "imported" and "field-list kept" in group["message"]
    data = workbook([
        ["type", "name", "label", "appearance", "intent", "required"],
        ["begin_group", "grid", "Grid", "table-list", "org.example.GRID", ""],
        ["select_one yn", "q1", "Q1", "", "", "yes"],
        ["end_group", "", "", "", "", ""],
    ], [["list_name", "name", "label", "media::image"], ["yn", "y", "Yes", "yes.png"]])  # fmt: skip
    entry = import_definition("xlsform", data, "grid.xlsx", "test")
    group = next(e for e in entry.report["entries"] if e["where"] == "row 2")
    assert group["outcome"] == "changed"
    assert "'table-list' not kept" in group["message"] and "column intent" in group["message"]
    media = next(e for e in entry.report["entries"] if e["name"] == "column media")
    assert (media["where"], media["outcome"]) == ("choices", "skipped")


def test_xlsform_choice_columns_and_settings_are_reported(imported: Any) -> None:
    entry = imported("xlsform", shared_data("xlsform", "pyxform_choice_filter_test.xlsx"))
    choices = [e for e in entry.report["entries"] if e["where"] == "choices"]
    assert [(e["name"], e["outcome"]) for e in choices] == [("column cf", "skipped")]
    settings = {e["name"] for e in entry.report["entries"] if e["where"] == "settings"}
    assert settings >= {"form_id", "allow_choice_duplicates"}
    assert "form_title" not in settings


def test_limesurvey_quotas_are_reported(imported: Any) -> None:
    entry = imported("limesurvey", shared_data("limesurvey", "limesurvey_survey_376789_quotas.lss"))
    quotas = [e for e in entry.report["entries"] if e["where"].startswith("quota ")]
    assert {e["name"] for e in quotas} >= {"Gender selection", "Europe-quota"}
    assert all(e["outcome"] == "skipped" and "no quotas" in e["message"] for e in quotas)


def test_limesurvey_numeric_bounds_are_imported(imported: Any) -> None:
    path = shared_data("limesurvey", "ls205_group_relevance.lss")
    entry = imported("limesurvey", path)
    doc = read_document(path.read_bytes(), path.name)
    bounded = {q.title: doc.attributes[q.qid] for q in doc.questions
               if "max_num_value_n" in doc.attributes.get(q.qid, {})}  # fmt: skip
    questions = by_code(entry.survey)
    assert bounded
    for title, attributes in bounded.items():
        assert questions[title].settings["max"] == float(attributes["max_num_value_n"])


def test_limesurvey_defaults_attributes_and_placeholders_are_reported(imported: Any) -> None:
    path = shared_data("limesurvey", "ls6_sample_survey_multilingual_fr_de_en_it.lss")
    entry = imported("limesurvey", path)
    text = " ".join(e["message"] for e in entry.report["entries"])
    assert "default answer is not kept" in text and "attributes not kept" in text
    doc = read_document(path.read_bytes(), path.name)
    piped = [q for q in doc.questions if q.parent == "0" and "{" in " ".join(q.text.values())]
    for q in piped:
        assert "shown literally" in _messages(entry, f"question {q.title}") or not any(
            e["where"] == f"question {q.title}" and e["outcome"] != "skipped"
            for e in entry.report["entries"]
        )


def _table(name: str, rows: list[dict[str, str]]) -> str:
    body = "".join(
        "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in r.items()) + "</row>"
        for r in rows
    )
    return f"<{name}><rows>{body}</rows></{name}>"


def _lsa() -> bytes:
    """An old-format survey with a ranking and a list with Other, plus one response."""
    q = {"gid": "1", "parent_qid": "0", "language": "en", "mandatory": "N", "relevance": "1"}
    lss = (
        "<document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>177</DBVersion>"
        "<languages><language>en</language></languages>"
        + _table("surveys", [{"sid": "5", "language": "en"}])
        + _table("surveys_languagesettings", [{"surveyls_language": "en", "surveyls_title": "T"}])
        + _table("groups", [{"gid": "1", "group_order": "0", "group_name": "G", "language": "en"}])
        + _table("questions", [
            {**q, "qid": "10", "type": "R", "title": "rank", "question": "Rank", "other": "N",
             "question_order": "1"},
            {**q, "qid": "11", "type": "L", "title": "pick", "question": "Pick", "other": "Y",
             "question_order": "2"}])
        + _table("answers", [
            {"qid": qid, "code": code, "answer": code.upper(), "sortorder": str(n),
             "language": "en", "scale_id": "0"}
            for qid in ("10", "11") for n, code in enumerate(("a", "b", "c"))])
        + "</document>"
    )  # fmt: skip
    lsr = (
        "<document><LimeSurveyDocType>Responses</LimeSurveyDocType>"
        + _table("responses", [{"id": "1", "submitdate": "2024-03-04 10:11:12",
                                "startlanguage": "en", "_5X1X101": "c", "_5X1X102": "a",
                                "_5X1X103": "b", "_5X1X11": "-oth-", "_5X1X11other": "Mine"}])
        + "</document>"
    )  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("survey_5.lss", lss)
        archive.writestr("survey_5_responses.lsr", lsr)
    return out.getvalue()


def test_lsr_ranking_and_single_choice_other_text_are_imported(ctx: None) -> None:
    from engage.extensions import db
    from surveys.importers.services import import_definition
    from surveys.models import Response

    entry = import_definition("limesurvey", _lsa(), "survey_5.lsa", "test")
    questions = by_code(entry.survey)
    assert questions["pick_other"].condition == {"q": "pick", "op": "equals", "value": "other"}
    response = db.session.query(Response).one()
    values = {a.question_id: a.value for a in response.answers}
    assert values[questions["rank"].id] == ["c", "a", "b"]
    assert values[questions["pick"].id] == "other"
    assert values[questions["pick_other"].id] == "Mine"
    skipped = [e for e in entry.report["entries"] if e["where"] == "responses"
               and e["outcome"] == "skipped"]  # fmt: skip
    assert skipped == []
