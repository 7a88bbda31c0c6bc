"""Responses from any tool's spreadsheet (Google Forms, Microsoft Forms, SurveyMonkey, Excel).

A mapping names, for each column, the Engage question it answers (``q3``), a part of one
(``q5.speed`` for a matrix row or ranking item), or a response field (``submitted_on``,
``language``, ``org_unit``, ``role``). Org units and roles are matched with the directory (by
name or code, see ``directory_match``), from those columns or from questions that map to them
(``maps_to``), as a respondent's answers would be; a row whose cell matches nothing is
imported without it and named in the report. Every cell is turned into what the respondent
page would have posted and parsed by the question type itself, so imported answers obey the
same rules as answers given in Engage. :func:`preview` checks every row without saving;
:func:`import_responses` refuses the whole file if any row has an error, so nothing is
half-imported. Timestamps keep only their day (a finer time could identify respondents of
anonymous surveys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engage.audit.services import record
from engage.extensions import db
from engage.timeutil import utcnow
from surveys import qtypes
from surveys.importers.directory_match import Directory
from surveys.importers.languages import engage_code
from surveys.importers.models import SurveyImport
from surveys.importers.report import BadImport, MappingReport
from surveys.importers.responses_read import Sheet
from surveys.models import Answer, Question, Response, Survey

FIELDS = ("submitted_on", "language", "org_unit", "role")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%Y/%m/%d")
TRUTHY = {"yes", "y", "true", "1", "x", "checked", "agree", "i agree", "sí", "si"}


@dataclass
class RowResult:
    number: int  #: the spreadsheet row (the header is row 1)
    day: date
    language: str = "en"
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    org_unit_id: int | None = None
    role: str | None = None
    demographics: dict[str, Any] = field(default_factory=dict)
    #: cells that matched nothing in the directory (the row is still imported)
    unmatched: list[str] = field(default_factory=list)


def check_mapping(survey: Survey, sheet: Sheet, mapping: dict[str, str]) -> dict[int, str]:
    """Column index -> target, checked against the file and the survey.

    Raises:
        BadImport: a mapped column is not in the file, or a target is not a question.
    """
    codes = {q.code for q in survey.questions}
    out: dict[int, str] = {}
    for column, target in mapping.items():
        if not isinstance(column, str) or not isinstance(target, str):
            raise BadImport("the mapping must be an object of column name -> question code.")
        if not target:
            continue
        if column not in sheet.header:
            raise BadImport(f"mapping: the file has no column '{column[:80]}'.")
        if target not in FIELDS and target.partition(".")[0] not in codes:
            raise BadImport(
                f"mapping: column '{column[:80]}' -> '{target[:80]}' is not a question."
            )
        out[sheet.header.index(column)] = target
    if not any(t not in FIELDS for t in out.values()):
        raise BadImport("mapping: map at least one column to a question.")
    return out


def preview(survey: Survey, sheet: Sheet, columns: dict[int, str]) -> list[RowResult]:
    """Every row parsed (nothing saved): values by question code, or errors naming the column."""
    questions = {q.code: q for q in survey.questions}
    directory = Directory()
    return [
        _row(n, cells, survey, questions, columns, sheet.header, directory)
        for n, cells in enumerate(sheet.rows, start=2)
    ]


def _row(n: int, cells: list[str], survey: Survey, questions: dict[str, Question],
         columns: dict[int, str], header: list[str],
         directory: Directory) -> RowResult:  # fmt: skip
    result = RowResult(n, utcnow().date())
    raw: dict[str, list[str]] = {}
    for index, target in columns.items():
        cell, where = cells[index].strip(), f"column '{header[index]}'"
        if target == "submitted_on":
            result.day = _day(cell, result, where)
        elif target == "language":
            result.language = _language(cell, survey, result, where)
        elif target in ("org_unit", "role"):
            _attribute(result, target, cell, where, directory)
        elif cell:
            code, _sep, part = target.partition(".")
            _posted(raw, questions[code], part, cell)
    mapped = {t.partition(".")[0] for t in columns.values() if t not in FIELDS}
    for code in [c for c in questions if c in mapped]:  # survey order: stable messages
        try:
            value = qtypes.get(questions[code].type).parse(questions[code], raw)
        except qtypes.AnswerError as exc:
            result.errors.append(f"{code}: {exc}")
            continue
        if value is not None:
            result.values[code] = value
            _self_reported(result, questions[code], value, directory)
    return result


def _attribute(result: RowResult, target: str, cell: str, where: str, lookup: Directory) -> None:
    """An org unit or role column: matched with the directory, or named as unmatched."""
    if not cell:
        return
    if target == "org_unit":
        result.org_unit_id = lookup.org_unit(cell)
        found: Any = result.org_unit_id
    else:
        result.role = found = lookup.role(cell)
    if found is None:
        what = "org unit" if target == "org_unit" else "role"
        result.unmatched.append(f"{where}: '{cell[:40]}' matches no {what} in the directory")


def _self_reported(result: RowResult, question: Question, value: Any, lookup: Directory) -> None:
    """Attributes from answers, as a respondent's page records them (see responding)."""
    maps_to = question.settings.get("maps_to")
    if maps_to == "org_unit" and result.org_unit_id is None:
        result.org_unit_id = lookup.org_unit(_label(question, value))
        if result.org_unit_id is None:
            result.org_unit_id = lookup.org_unit(str(value))
        if result.org_unit_id is None:
            result.unmatched.append(f"{question.code}: '{value}' matches no org unit")
    elif maps_to == "role" and result.role is None:
        result.role = str(value)
    elif question.type == "demographics":
        result.demographics = value


def _label(question: Question, value: Any) -> str:
    return next((o["label"] for o in question.options if o["value"] == value), str(value))


def _posted(raw: dict[str, list[str]], question: Question, part: str, cell: str) -> None:
    """What the respondent page would have posted for this cell."""
    name = f"q.{question.code}" + (f".{part}" if part else "")
    if part:
        raw[name] = [cell]
    elif question.type == "multiple_choice":
        pieces = [p.strip() for p in cell.split(";" if ";" in cell else ",") if p.strip()]
        for piece in pieces:
            value = _option(question, piece)
            if value is None and question.settings.get("allow_other"):
                raw.setdefault(name, []).append("_other")
                raw[f"{name}.other"] = [piece]
            else:
                raw.setdefault(name, []).append(value or piece)
    elif question.type == "single_choice":
        raw[name] = [_option(question, cell) or cell]
    elif question.type == "consent":
        raw[name] = ["yes" if cell.lower() in TRUTHY else cell]
    elif question.type == "date":
        parsed = _parse_date(cell)
        raw[name] = [parsed.isoformat() if parsed else cell]
    else:
        raw[name] = [cell]


def _option(question: Question, text: str) -> str | None:
    """An option's value from its value or its (English) label, case-insensitively."""
    for option in question.options:
        if text == option["value"] or text.casefold() == option["label"].casefold():
            return option["value"]
    return None


def _parse_date(text: str) -> date | None:
    head = text.strip().split(" ")[0].split("T")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


def _day(cell: str, result: RowResult, where: str) -> date:
    parsed = _parse_date(cell) if cell else None
    if parsed is None:
        result.errors.append(f"{where}: '{cell[:40]}' is not a date (use YYYY-MM-DD or M/D/YYYY)")
        return result.day
    return parsed


def _language(cell: str, survey: Survey, result: RowResult, where: str) -> str:
    code = engage_code(cell) if cell else "en"
    if code not in survey.languages:
        result.errors.append(f"{where}: language '{cell[:40]}' is not offered by the survey")
        return "en"
    return code


def import_responses(
    survey: Survey, sheet: Sheet, filename: str, mapping: dict[str, str], actor: Any
) -> SurveyImport:
    """Store every row as a response, or none if any row has an error (flushes only).

    Raises:
        BadImport: a bad mapping, or rows with errors (the first is named, the rest counted).
    """
    columns = check_mapping(survey, sheet, mapping)
    rows = preview(survey, sheet, columns)
    bad = [r for r in rows if r.errors]
    if bad:
        more = f" ({len(bad) - 1} more rows have errors)" if len(bad) > 1 else ""
        raise BadImport(f"{filename}: row {bad[0].number}: {'; '.join(bad[0].errors)}{more}.")
    ids = {q.code: q.id for q in survey.questions}
    for row in rows:
        response = Response(
            survey_id=survey.id,
            language=row.language,
            submitted_on=row.day,
            org_unit_id=row.org_unit_id,
            respondent_role=row.role,
            demographics=row.demographics,
        )
        response.answers = [Answer(question_id=ids[c], value=v) for c, v in row.values.items()]
        db.session.add(response)
    report = _report(filename, sheet, columns, rows)
    entry = SurveyImport(
        survey_id=survey.id,
        kind="responses",
        filename=filename[:255],
        report=report.to_json(),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    record(actor, "survey.responses_imported", "survey", survey.id, file=filename, rows=len(rows))
    return entry


def _report(
    filename: str, sheet: Sheet, columns: dict[int, str], rows: list[RowResult]
) -> MappingReport:
    report = MappingReport(filename)
    for index, name in enumerate(sheet.header):
        where = f"column {index + 1}"
        if index in columns:
            note = "; only the day is kept" if columns[index] == "submitted_on" else ""
            report.imported(where, name, f"-> {columns[index]}{note}")
        else:
            report.skipped(where, name, "not mapped to a question, so not imported")
    for row in rows:
        for note in row.unmatched:
            report.changed(f"row {row.number}", "directory", f"{note}: imported without it")
    report.imported("responses", "responses", f"{len(rows)} responses")
    return report
