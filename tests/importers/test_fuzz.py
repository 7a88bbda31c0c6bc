"""Hypothesis fuzzing of the import parsers: bad input is a named refusal, never a traceback."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.importers import expr
from surveys.importers.limesurvey import _Mapper
from surveys.importers.limesurvey_read import read_document
from surveys.importers.report import BadImport, MappingReport
from surveys.importers.responses_read import read_sheet
from surveys.importers.xlsform import convert
from surveys.importers.xlsform_read import read_form

FUZZ = settings(max_examples=120, deadline=None)
CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=15)
TYPES = st.sampled_from(
    [
        "select_one l",
        "select_multiple l or_other",
        "text",
        "integer",
        "note",
        "begin group",
        "end group",
        "begin repeat",
        "rank l",
        "calculate",
        "x",
    ]
)
XML_BITS = st.sampled_from(
    [
        "<document>",
        "</document>",
        "<LimeSurveyDocType>Survey</LimeSurveyDocType>",
        "<questions><rows><row><qid>1</qid><type>L</type><title>q</title>"
        "<parent_qid>0</parent_qid><question>Q</question></row></rows></questions>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]>",
        "&a;",
        "<rows>",
        "<row>",
        "]]>",
        "x",
    ]
)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["a.csv", "a.xlsx", "a.tsv"]))
def test_response_sheets_from_random_bytes(data: bytes, name: str) -> None:
    try:
        sheet = read_sheet(data, name)
    except BadImport:
        return
    assert all(len(r) == len(sheet.header) for r in sheet.rows)


@FUZZ
@given(st.lists(st.fixed_dictionaries({"type": TYPES, "name": CELL, "label": CELL,
                                       "relevant": CELL, "constraint": CELL, "appearance": CELL}),
                max_size=8),
       st.lists(st.fixed_dictionaries({"list_name": st.just("l"), "name": CELL, "label": CELL}),
                max_size=5))  # fmt: skip
def test_xlsform_conversion_of_random_kobo_forms(survey: list, choices: list) -> None:
    data = json.dumps({"content": {"survey": survey, "choices": choices}}).encode()
    try:
        spec = convert(read_form(data, "f.json"), MappingReport("f.json"), "f")
    except BadImport:
        return
    assert all(q.code for q in spec.questions)


@FUZZ
@given(st.lists(XML_BITS | CELL, max_size=12))
def test_limesurvey_reader_on_random_xml(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        document = read_document(text.encode("utf-8"), "x.lss")
        _Mapper(document, MappingReport("x.lss"), "x").run()
    except BadImport:
        return


@FUZZ
@given(st.binary(max_size=200))
def test_lsa_and_xlsx_zips_with_random_members(member: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("survey.lss", member)
        archive.writestr("xl/workbook.xml", member)
    for reader, name in ((read_document, "x.lsa"), (read_form, "x.xlsx")):
        try:
            reader(out.getvalue(), name)
        except BadImport:
            continue


@FUZZ
@given(st.text(max_size=40))
def test_expressions_parse_or_say_what_is_unsupported(text: str) -> None:
    try:
        expr.translate(text, lambda name: (name, None))
    except expr.Unsupported as exc:
        assert str(exc)
