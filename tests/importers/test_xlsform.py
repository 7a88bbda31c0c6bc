"""XLSForm import against every file in ../shared/data/xlsform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import ElementTree

from surveys import conditions
from tests.conftest import shared_data
from tests.importers.conftest import by_code, outcomes

XLSFORM_FILES = [
    "pyxform_xlsform_spec_test.xlsx",
    "pyxform_UCL_Biomass_Plot_Form.xlsx",
    "pyxform_choice_filter_test.xlsx",
    "odkdocs_recensement_etablissements_scolaires_24.xlsx",
    "kobo_formpack_grouped_translated_v1.json",
]


def survey_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The survey sheet read independently of the importer: (row number, cells)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book["survey"]
    sheet.reset_dimensions()
    rows, header = [], None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(v is not None for v in values):
            continue
        if header is None:
            header = [str(v or "").strip() for v in values]
            continue
        rows.append((number, dict(zip(header, values, strict=False))))
    book.close()
    return rows


@pytest.mark.parametrize("name", XLSFORM_FILES)
def test_every_shared_file_imports_and_accounts_for_every_row(name: str, imported: Any) -> None:
    path = shared_data("xlsform", name)
    entry = imported("xlsform", path)
    survey = entry.survey
    assert survey.questions, entry.report
    assert survey.status == "draft"
    reported = {(e["where"], e["name"]) for e in entry.report["entries"]}
    if path.suffix == ".xlsx":
        for number, row in survey_rows(path):
            kind = str(row.get("type") or "")
            if kind.startswith("end") or not kind:
                continue
            source_name = row.get("name")
            name_text = "FALSE" if source_name is False else str(source_name or "")
            assert (f"row {number}", name_text) in reported, f"row {number} {kind} not reported"
    for question in survey.questions:
        for code in conditions.referenced(question.condition):
            assert code in by_code(survey), f"{question.code} refers to a missing {code}"


def test_spec_test_matches_the_reference_xform(imported: Any) -> None:
    """Each control pyxform generated is imported as the matching type or reported skipped."""
    entry = imported("xlsform", shared_data("xlsform", "pyxform_xlsform_spec_test.xlsx"))
    xml = ElementTree.parse(shared_data("xlsform", "pyxform_xlsform_spec_test.expected_xform.xml"))
    binds = {b.get("nodeset"): b for b in xml.iter("{http://www.w3.org/2002/xforms}bind")}
    questions = by_code(entry.survey)
    body = next(xml.iter("{http://www.w3.org/1999/xhtml}body"))
    checked = 0
    for control in _controls(body, in_repeat=False):
        element, ref, in_repeat = control
        name = ref.rsplit("/", 1)[1]
        if name.startswith("reserved_name_for_field_list_labels"):
            continue  # pyxform's own placeholder, not a row of the form
        bind = binds.get(ref)
        readonly = bind is not None and bind.get("readonly") == "true()"
        found = outcomes(entry, name)
        expected = _expected(element, bind, readonly, in_repeat)
        if expected is None:
            assert found == ["skipped"], (name, found)
        elif expected == "note":
            assert found in (["changed"], ["skipped"]), (name, found)  # media-only notes
        else:
            assert questions[name].type == expected, name
            if bind is not None and bind.get("required") == "true()":
                assert questions[name].required
        checked += 1
    assert checked == 39  # every control of the reference XForm body
    section = next(s for s in entry.survey.sections if s.questions and s.condition)
    assert section.condition == {"q": "skip_to_end", "op": "not_equals", "value": "yes"}


def _controls(node: Any, in_repeat: bool) -> Any:
    for child in node:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("group", "repeat"):
            yield from _controls(child, in_repeat or tag == "repeat")
        elif tag in ("input", "select1", "select", "trigger", "upload", "range"):
            yield tag, child.get("ref"), in_repeat


def _expected(tag: str, bind: Any, readonly: bool, in_repeat: bool) -> str | None:
    kind = bind.get("type") if bind is not None else "string"
    if in_repeat or tag == "upload" or kind in ("time", "dateTime", "geopoint", "barcode"):
        return None
    if tag == "select1":
        return "single_choice"
    if tag == "select":
        return "multiple_choice"
    if tag == "trigger":
        return "consent"
    if readonly:
        return "note"
    return {"int": "number", "decimal": "number", "date": "date"}.get(kind, "short_text")


def test_biomass_form_languages_rules_and_repeats(imported: Any) -> None:
    entry = imported("xlsform", shared_data("xlsform", "pyxform_UCL_Biomass_Plot_Form.xlsx"))
    questions = by_code(entry.survey)
    # English is found among Swahili and English columns; Swahili is reported, not lost.
    assert questions["leader_name"].text == "Your Name"
    assert any("Swahili" in e["name"] for e in entry.report["entries"])
    # Curly quotes in the rule: ${leader_name} = ‘other’
    assert questions["leader_name_other"].condition == {
        "q": "leader_name",
        "op": "equals",
        "value": "other",
    }
    assert [o["value"] for o in questions["plant_phase"].options][:2] == ["2022", "2023"]
    assert questions["canopy_cover"].settings["integer"] is True
    # Repeats: the repeat row and every question inside it are skipped, by row number.
    repeat = [e for e in entry.report["entries"] if e["name"] == "trees"][0]
    assert (repeat["where"], repeat["outcome"]) == ("row 32", "skipped")
    inside = [e for e in entry.report["entries"] if "repeat 'trees' (row 32)" in e["message"]]
    assert {e["name"] for e in inside} >= {"tag", "tree_distance", "cbh", "stem_notes"}
    assert "tag" not in questions
    assert outcomes(entry, "region_id") == ["skipped"]  # select_one_from_file


def test_choice_filter_is_reported_with_its_row(imported: Any) -> None:
    entry = imported("xlsform", shared_data("xlsform", "pyxform_choice_filter_test.xlsx"))
    county = [e for e in entry.report["entries"] if e["name"] == "county"][0]
    assert county["where"] == "row 3" and "choice_filter" in county["message"]
    assert county["outcome"] == "changed"
    questions = by_code(entry.survey)
    assert [o["value"] for o in questions["state"].options] == ["texas", "washington"]
    # 'king' appears twice in the counties list (once per state): the second is reported.
    assert [o["value"] for o in questions["county"].options] == ["king", "pierce", "cameron"]
    assert any(e["where"] == "choices row 6" for e in entry.report["entries"])


def test_french_template_keeps_rules_and_reports_unsupported_types(imported: Any) -> None:
    path = shared_data("xlsform", "odkdocs_recensement_etablissements_scolaires_24.xlsx")
    entry = imported("xlsform", path)
    questions = by_code(entry.survey)
    assert list(questions) == [
        "nom_etablissement",
        "nombre_eleves",
        "niveaux_enseignes",
        "options_proposees",
    ]
    assert questions["nombre_eleves"].settings["min"] == 1  # '. > 0' on an integer
    assert questions["niveaux_enseignes"].type == "multiple_choice"
    assert [o["value"] for o in questions["niveaux_enseignes"].options][-1] == "lycee"
    assert questions["options_proposees"].condition == {
        "q": "niveaux_enseignes",
        "op": "equals",
        "value": "lycee",
    }
    assert outcomes(entry, "photo_etablissement") == ["skipped"]
    assert outcomes(entry, "languages") == ["imported"]  # labels with no stated language


def test_kobo_json_brings_spanish_translations(imported: Any) -> None:
    path = shared_data("xlsform", "kobo_formpack_grouped_translated_v1.json")
    entry = imported("xlsform", path)
    survey = entry.survey
    assert survey.languages == ["en", "es"]
    question = by_code(survey)["What_kind_of_symmetry_do_you_have"]
    assert question.type == "multiple_choice"
    assert question.translations["es"]["text"] == "¿Qué tipo de simetría tiene?"
    assert question.translations["es"]["options"]["spherical"] == "Esférico"
    assert survey.sections[0].title == "External Characteristics"
    assert survey.sections[0].translations["es"]["title"] == "Características externas"
