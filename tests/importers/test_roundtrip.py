"""Round trip: Engage survey -> XLSForm -> Engage survey keeps the structure exactly."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest

from engage.extensions import db
from surveys.importers.services import import_definition
from surveys.models import Anonymity, Survey, SurveyKind
from surveys.xlsform_export import export_xlsform, relevant
from tests.conftest import shared_data
from tests.importers.test_limesurvey import FILES as LIMESURVEY_FILES
from tests.importers.test_xlsform import XLSFORM_FILES

QUESTION_FIELDS = ("code", "type", "text", "help", "required", "options", "settings",
                   "condition", "translations")  # fmt: skip


def _filled(translations: dict[str, Any]) -> dict[str, Any]:
    """Translations without empty entries (``"options": {}`` on a text question says nothing)."""
    kept = {lang: {k: v for k, v in entry.items() if v} for lang, entry in translations.items()}
    return {lang: entry for lang, entry in kept.items() if entry}


def structure(survey: Survey) -> dict[str, Any]:
    """Everything a definition holds: languages, sections, questions, options, rules."""
    return {
        "languages": survey.languages,
        "sections": [
            {
                "title": s.title,
                "intro": s.intro,
                "condition": s.condition,
                "translations": _filled(s.translations),
                "questions": [
                    {k: getattr(q, k) for k in QUESTION_FIELDS}
                    | {"translations": _filled(q.translations)}
                    for q in s.questions
                ],
            }
            for s in survey.sections
        ],
    }


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two structures differ, as readable paths (empty when equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b), key=str)
                for d in differences(a.get(k), b.get(k), f"{path}.{k}")]  # fmt: skip
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}[{i}]")]  # fmt: skip
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def round_trip(survey: Survey) -> tuple[Survey, list[str], bytes]:
    data, notes = export_xlsform(survey)
    again = import_definition("xlsform", data, f"{survey.slug}.xlsx", "test").survey
    return again, notes, data


@pytest.mark.parametrize("name", XLSFORM_FILES)
def test_every_shared_file_survives_export_and_reimport(name: str, imported: Any) -> None:
    first = imported("xlsform", shared_data("xlsform", name)).survey
    again, notes, _data = round_trip(first)
    assert differences(structure(first), structure(again)) == []
    assert again.title == first.title
    assert notes == []


@pytest.mark.parametrize("name", LIMESURVEY_FILES)
def test_limesurvey_imports_survive_export_and_reimport(name: str, imported: Any) -> None:
    """A survey brought from LimeSurvey can go on to ODK or KoboToolbox and come back."""
    first = imported("limesurvey", shared_data("limesurvey", name)).survey
    again, notes, _data = round_trip(first)
    assert differences(structure(first), structure(again)) == []
    assert notes == []


def test_demo_surveys_survive_export_and_reimport(ctx: None) -> None:
    from engage.demo.seed import seed_org_units
    from surveys.demo import DATA, _build

    seed_org_units()
    specs = json.loads((DATA / "demo_surveys.json").read_text(encoding="utf-8"))["surveys"]
    types: set[str] = set()
    for spec in specs:
        survey = _build(spec)
        again, notes, data = round_trip(survey)
        assert differences(structure(survey), structure(again)) == [], spec["slug"]
        assert notes == [
            "the survey's intro and thank-you text (XLSForm has no place)",
            "the translated survey titles (form_title has one language)",
        ]
        sheet = _sheets(data)["engage_notes"]
        assert [r["not carried by XLSForm"] for r in sheet] == notes
        types |= {q.type for q in again.questions}
    # Engage-only types (likert, rating, demographics) and settings (maps_to) came back too.
    assert {"likert", "rating", "demographics", "multiple_choice", "consent"} <= types
    db.session.rollback()


def _sheets(data: bytes) -> dict[str, list[dict[str, Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return out


def test_the_workbook_speaks_plain_xlsform(imported: Any) -> None:
    """Standard columns a reader of XLSForm expects, with labels per language."""
    path = shared_data("xlsform", "kobo_formpack_grouped_translated_v1.json")
    survey = imported("xlsform", path).survey
    sheets = _sheets(export_xlsform(survey)[0])
    assert set(sheets) == {"survey", "choices", "settings"}
    header = list(sheets["survey"][0])
    assert {"type", "name", "label::English (en)", "label::Spanish (es)", "appearance"} <= set(
        header
    )
    kinds = [r["type"] for r in sheets["survey"]]
    assert kinds[0] == "begin_group" and kinds[-1] == "end_group"
    assert "select_multiple What_kind_of_symmetry_do_you_have" in kinds
    assert sheets["settings"][0]["default_language"] == "English (en)"
    spherical = next(r for r in sheets["choices"] if r["name"] == "spherical")
    assert spherical["label::Spanish (es)"] == "Esférico"


def test_rules_become_relevant_expressions_that_read_back() -> None:
    types = {"role": "single_choice", "age": "number", "name": "short_text", "pick": "ranking"}
    role_in = {"q": "role", "op": "in", "value": ["resident", "municipal_staff"]}
    assert relevant(role_in, types) == (
        "selected(${role}, 'resident') or selected(${role}, 'municipal_staff')"
    )
    nested = {"all": [{"any": [{"q": "age", "op": "gte", "value": "18"},
                               {"q": "name", "op": "answered"}]},
                      {"q": "role", "op": "not_equals", "value": "x"}]}  # fmt: skip
    assert relevant(nested, types) == (
        "(${age} >= 18 or ${name} != '') and not(selected(${role}, 'x'))"
    )
    assert relevant({"q": "name", "op": "equals", "value": "it's"}, types) == '${name} = "it\'s"'
    assert relevant({"q": "age", "op": "lt", "value": "-3"}, types) == "${age} < '-3'"


def test_formula_looking_labels_are_text_not_formulas(ctx: None) -> None:
    from surveys import services

    survey = services.create_survey(
        title="=1+1", kind=SurveyKind.CUSTOM, anonymity=Anonymity.ANONYMOUS, actor="test",
        languages=["en"],
    )  # fmt: skip
    values = {"type": "short_text", "code": "q1", "text": '=HYPERLINK("x")', "options": []}
    services.save_question(survey.sections[0], None, values, "test")
    data, _notes = export_xlsform(survey)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for row in book["survey"].iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert [c.data_type for c in cells] == ["s"]
    assert book["settings"]["A2"].value == "=1+1" and book["settings"]["A2"].data_type == "s"
    again, _notes, _data = round_trip(survey)
    assert again.questions[0].text == '=HYPERLINK("x")'
    db.session.rollback()


def _every_type_survey() -> Survey:
    """A draft with every question type, translations, bounds and every kind of rule."""
    from surveys import services

    survey = services.create_survey(title="All types", kind=SurveyKind.CUSTOM,
                                    anonymity=Anonymity.ANONYMOUS, actor="test",
                                    languages=["en", "es", "hmn"])  # fmt: skip
    first = services.save_section(survey, survey.sections[0], {
        "title": "One", "intro": "Read me", "condition": None,
        "translations": {"es": {"title": "Uno", "intro": "Léame"}, "hmn": {"title": "Ib"}},
    })  # fmt: skip
    yes_no = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    questions = [
        ("pick", "single_choice", yes_no, {"maps_to": "role"}, None),
        ("many", "multiple_choice", yes_no, {"allow_other": True, "random_order": True}, None),
        ("order", "ranking", yes_no, {}, {"q": "pick", "op": "in", "value": ["yes", "no"]}),
        ("short", "short_text", [], {}, {"q": "many", "op": "not_equals", "value": "no"}),
        ("long", "long_text", [], {}, {"q": "short", "op": "equals", "value": "it's"}),
        ("count", "number", [], {"min": 0, "max": 120, "integer": True}, None),
        ("share", "number", [], {"min": 0.5, "max": None},
         {"q": "count", "op": "gte", "value": "3"}),
        ("when", "date", [], {}, {"q": "short", "op": "answered"}),
        ("agree", "consent", [], {}, {"q": "long", "op": "not_answered"}),
        ("mail", "email", [], {}, None),
        ("likert", "likert", [], {"points": 7}, None),
        ("grid", "matrix", [], {"points": 5, "rows": yes_no}, None),
        ("score", "rating", [], {}, None),
        ("about", "demographics", [], {}, None),
    ]  # fmt: skip
    for code, kind, options, settings, condition in questions:
        extra = {k: settings.pop(k) for k in ("allow_other", "random_order", "maps_to", "integer")
                 if k in settings}  # fmt: skip
        services.save_question(first, None, {
            "type": kind, "code": code, "text": f"{code}?", "help": f"about {code}",
            "required": code == "pick", "options": options, "settings": settings,
            "extra": extra, "condition": condition,
            "translations": {"es": {"text": f"¿{code}?", "help": f"sobre {code}",
                                    "options": {o["value"]: o["label"].upper() for o in options},
                                    **({"rows": {"yes": "Sí", "no": "No"}} if code == "grid"
                                       else {})}},
        }, "test")  # fmt: skip
    rule = {"all": [{"any": [{"q": "pick", "op": "equals", "value": "yes"},
                             {"q": "count", "op": "lt", "value": "-3"}]},
                    {"q": "score", "op": "lte", "value": "4"}]}  # fmt: skip
    second = services.save_section(
        survey, None, {"title": "Two", "intro": "", "condition": rule, "translations": {}}
    )
    services.save_question(second, None, {"type": "short_text", "code": "last", "text": "Last",
                                          "options": []}, "test")  # fmt: skip
    return survey


def test_every_engage_type_survives_export_and_reimport(ctx: None) -> None:
    survey = _every_type_survey()
    again, notes, data = round_trip(survey)
    assert differences(structure(survey), structure(again)) == []
    assert notes == []
    kinds = {r["name"]: r["type"] for r in _sheets(data)["survey"]}
    assert kinds["score"] == "range" and kinds["count"] == "integer"
    assert kinds["many"] == "select_multiple many or_other" and kinds["order"] == "rank order"
    db.session.rollback()


@pytest.mark.parametrize(
    "settings",
    ['{"points": "x", "rows": [1, 2], "maps_to": "evil", "zzz": 1, "row_translations": [1]}',
     '{"rows": [{"value": "a b", "label": 3}], "points": true}', "[1, 2]", "{broken",
     '{"row_translations": {"es": {"a": 1}, "fr": {"a": "b"}}, "standard_labels": "yes"}'],
)  # fmt: skip
def test_engage_columns_from_anywhere_are_checked(ctx: None, settings: str) -> None:
    """A hand-edited or hostile workbook: bad Engage settings are reported, never a crash."""
    from tests.importers.test_bad_input import workbook

    data = workbook(
        [["type", "name", "label", "bind::engage:type", "bind::engage:settings"],
         ["select_one p", "grid", "Grid", "matrix", settings],
         ["text", "who", "Who", "no_such_type", ""]],
        [["list_name", "name", "label"], ["p", "1", "One"], ["p", "2", "Two"]],
    )  # fmt: skip
    entry = import_definition("xlsform", data, "hostile.xlsx", "test")
    grid, who = entry.survey.questions
    assert grid.type == "matrix" and who.type == "short_text"
    assert grid.settings["points"] in (5, 7) and all(
        isinstance(r, dict) for r in grid.settings["rows"]
    )
    said = " ".join(e["message"] for e in entry.report["entries"])
    assert "not kept" in said and "'no_such_type' is not an Engage type" in said
    assert set(grid.translations) <= {"es", "hmn"}
    db.session.rollback()
