"""Each shared file, read row by row, against what the import made of it.

For every question row of every XLSForm and LimeSurvey file in ../shared/data: the question
exists with the mapped type, its options count the source's choices, ``required`` and the
skip rule carry over (or the report says why not), and the survey count and languages match.
The expectations come from the files and the tables below, not from the importers' code.
"""

from __future__ import annotations

from typing import Any

import pytest

from surveys.importers.limesurvey_read import read_document
from surveys.importers.xlsform_read import read_form
from tests.conftest import shared_data
from tests.importers.conftest import by_code
from tests.importers.test_limesurvey import FILES as LIMESURVEY_FILES
from tests.importers.test_xlsform import XLSFORM_FILES

#: XLSForm type -> Engage type (text with ``multiline`` is long_text; range 0-10 is rating)
XLSFORM_TYPES = {"select_one": "single_choice", "select_multiple": "multiple_choice",
                 "rank": "ranking", "text": "short_text", "integer": "number",
                 "decimal": "number", "date": "date", "acknowledge": "consent",
                 "range": "number"}  # fmt: skip
#: LimeSurvey type -> Engage type, for questions imported whole
LIMESURVEY_TYPES = {"L": "single_choice", "!": "single_choice", "O": "single_choice",
                    "Y": "single_choice", "G": "single_choice", "M": "multiple_choice",
                    "P": "multiple_choice", "S": "short_text", "T": "long_text",
                    "U": "long_text", "N": "number", "D": "date", "5": "likert",
                    "R": "ranking"}  # fmt: skip
FIXED_OPTIONS = {"Y": 2, "G": 2, "5": 0}
YES = {"yes", "true", "true()", "1"}


def _messages(entry: Any, where: str) -> str:
    return " ".join(e["message"] for e in entry.report["entries"] if e["where"] == where)


def _xlsform_questions(form: Any) -> list[tuple[int, dict[str, str]]]:
    """Question rows outside repeats, with a known type and (for choices) an existing list."""
    lists = {row.get("list_name") for _n, row in form.choices}
    out, depth = [], 0
    for number, row in form.survey:
        parts = row.get("type", "").split()
        head = parts[0].lower() if parts else ""
        if head in ("begin_repeat", "begin") and "repeat" in row.get("type", ""):
            depth += 1
        elif head in ("end_repeat", "end") and "repeat" in row.get("type", ""):
            depth -= 1
        elif depth == 0 and head in XLSFORM_TYPES:
            if head in ("select_one", "select_multiple", "rank") and parts[1] not in lists:
                continue
            out.append((number, row))
    return out


@pytest.mark.parametrize("name", XLSFORM_FILES)
def test_xlsform_questions_types_options_rules_and_languages(name: str, imported: Any) -> None:
    path = shared_data("xlsform", name)
    entry = imported("xlsform", path)
    form = read_form(path.read_bytes(), name)
    questions = by_code(entry.survey)
    rows = _xlsform_questions(form)
    others = [r for _n, r in rows if "or_other" in r["type"] and r["type"].startswith("select_one")]
    assert len(entry.survey.questions) == len(rows) + len(others)
    for number, row in rows:
        said = _messages(entry, f"row {number}")
        q = questions[row["name"]]
        head = row["type"].split()[0].lower()
        expected = XLSFORM_TYPES[head]
        if head == "text" and "multiline" in row.get("appearance", ""):
            expected = "long_text"
        assert q.type == expected, (name, number)
        if head in ("select_one", "select_multiple", "rank"):
            choices = {
                r["name"] for _n, r in form.choices if r.get("list_name") == row["type"].split()[1]
            }
            extra = 1 if head == "select_one" and "or_other" in row["type"] else 0
            assert len(q.options) == len(choices) + extra, (name, number)
        assert q.required == (row.get("required", "").lower() in YES), (name, number)
        if row.get("relevant"):
            assert q.condition is not None or "not kept" in said, (name, number)
        else:
            assert q.condition is None, (name, number)
    labelled = {k.partition("::")[2] for _n, r in form.survey for k in r if k.startswith("label::")}
    spanish = any("es" in (s.lower(), s.lower().strip("()").split()[-1]) or "Español" in s
                  for s in labelled)  # fmt: skip
    assert entry.survey.languages == (["en", "es"] if spanish else ["en"])


@pytest.mark.parametrize("name", LIMESURVEY_FILES)
def test_limesurvey_questions_types_options_rules_and_languages(name: str, imported: Any) -> None:
    path = shared_data("limesurvey", name)
    entry = imported("limesurvey", path)
    doc = read_document(path.read_bytes(), name)
    questions = by_code(entry.survey)
    subs: dict[str, list[Any]] = {}
    for q in doc.questions:
        subs.setdefault(q.parent, []).append(q)
    checked = 0
    for source in [q for q in doc.questions if q.parent == "0"]:
        where = f"question {source.title}"
        said = _messages(entry, where)
        assert said, (name, source.title)  # every question is reported
        if source.type not in LIMESURVEY_TYPES or source.title not in questions:
            continue  # arrays split per row, skipped types: covered by their report lines
        q = questions[source.title]
        assert q.type == LIMESURVEY_TYPES[source.type], (name, source.title)
        if source.type in ("M", "P"):
            expected = len([s for s in subs.get(source.qid, []) if s.scale == "0"])
        elif source.type in FIXED_OPTIONS:
            answers = [a for a in doc.answers.get(source.qid, []) if a[0] == "0"]
            expected = len(answers) or FIXED_OPTIONS[source.type]
        else:
            expected = len([a for a in doc.answers.get(source.qid, []) if a[0] == "0"])
            expected += 1 if source.type in ("L", "!") and source.other == "Y" else 0
        if q.type in ("single_choice", "multiple_choice", "ranking"):
            assert len(q.options) == expected, (name, source.title)
        assert q.required == (source.mandatory == "Y"), (name, source.title)
        ruled = source.relevance not in ("", "1") or any(
            c.get("qid") == source.qid for c in doc.conditions
        )
        if ruled:
            assert q.condition is not None or "not kept" in said, (name, source.title)
        checked += 1
    assert checked > 0 or name.endswith(".lsq")
    wanted = {"es", "hmn"} & {lang.split("-")[0] for lang in doc.languages}
    assert entry.survey.languages == ["en", *sorted(wanted)]


def test_the_reference_xform_is_refused_as_a_form(ctx: None) -> None:
    """The one non-form file in xlsform/ (pyxform's expected output) is refused, with why."""
    from surveys.importers.report import BadImport
    from surveys.importers.services import import_definition

    path = shared_data("xlsform", "pyxform_xlsform_spec_test.expected_xform.xml")
    with pytest.raises(BadImport, match=r"expected a file ending in \.xlsx, \.xlsm, \.json"):
        import_definition("xlsform", path.read_bytes(), path.name, "test")
