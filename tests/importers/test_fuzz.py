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


#: questions of each kind a rule can name, for the XLSForm rule round trip
RULE_TYPES = {"pick": "single_choice", "many": "multiple_choice", "age": "number",
              "name": "short_text"}  # fmt: skip
OPTIONS = ["yes", "no", "maybe_later", "x-1"]
#: text values, rich in what XPath quoting could trip on (curly quotes are string delimiters)
TEXT_VALUE = st.text(
    alphabet=st.sampled_from(list("ab ’‘“”„′'\"=()$.{},<>!")) | st.characters(
        blacklist_categories=("Cs", "Cc")),
    min_size=1, max_size=12,
).filter(lambda v: not ("'" in v and '"' in v))  # fmt: skip
NUMBER = st.integers(-50, 500).map(str) | st.sampled_from(["1.5", "0.25"])


def _leaf() -> st.SearchStrategy:
    choice = st.builds(lambda q, op, v: {"q": q, "op": op, "value": v},
                       st.sampled_from(["pick", "many"]), st.sampled_from(["equals", "not_equals"]),
                       st.sampled_from(OPTIONS))  # fmt: skip
    values = st.lists(st.sampled_from(OPTIONS), min_size=2, max_size=3, unique=True)
    within = st.builds(lambda q, vs: {"q": q, "op": "in", "value": vs},
                       st.sampled_from(["pick", "many"]), values)  # fmt: skip
    number = st.builds(lambda op, v: {"q": "age", "op": op, "value": v},
                       st.sampled_from(["gt", "gte", "lt", "lte", "equals"]), NUMBER)  # fmt: skip
    text = st.builds(lambda op, v: {"q": "name", "op": op, "value": v},
                     st.sampled_from(["equals", "not_equals"]), TEXT_VALUE)  # fmt: skip
    presence = st.builds(lambda q, op: {"q": q, "op": op}, st.sampled_from(list(RULE_TYPES)),
                         st.sampled_from(["answered", "not_answered"]))  # fmt: skip
    return choice | within | number | text | presence


def _folds(parts: list[dict]) -> bool:
    """An 'or' of equalities on one question is written back as 'in' (same meaning)."""
    return len({p.get("q") for p in parts}) == 1 and all(p.get("op") == "equals" for p in parts)


RULES = st.recursive(
    _leaf(),
    lambda inner: st.builds(lambda key, parts: {key: parts}, st.sampled_from(["all", "any"]),
                            st.lists(inner, min_size=2, max_size=3)).filter(
        lambda c: not ("any" in c and _folds(c["any"]))),
    max_leaves=6,
)  # fmt: skip


@FUZZ
@given(RULES)
def test_skip_rules_survive_xlsform_relevant_and_back(rule: dict) -> None:
    """Engage rule -> XLSForm ``relevant`` -> the importer's reading: the same rule."""
    from surveys.importers.xlsform_logic import map_values
    from surveys.xlsform_export import relevant

    text = relevant(rule, RULE_TYPES)
    identity = {q: {o: o for o in OPTIONS} for q in ("pick", "many")}
    back = expr.translate(text, lambda name: (name, None))
    assert expr.fold_in(map_values(back, identity)) == rule, text
