"""Responses from a LimeSurvey .lsa archive (its .lsr file) into the imported survey.

Each LimeSurvey answer column is turned into the form input an Engage respondent page would
have posted, then parsed by the question type itself, so imported answers obey exactly the
rules of answers given in Engage. Only the day of submission is kept; tokens, IP addresses
and timings are never read. Incomplete responses (no submit date) are skipped and counted.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from engage.extensions import db
from surveys import qtypes
from surveys.importers.languages import engage_code
from surveys.importers.limesurvey_read import LsDocument
from surveys.importers.report import MappingReport
from surveys.models import Answer, Response, Survey

FIELD = re.compile(r"^\d+X\d+X(\d+)(\w*)$")


def import_responses(
    survey: Survey, doc: LsDocument, columns: dict[str, tuple[str, str]], report: MappingReport
) -> int:
    """Add the archive's complete responses to ``survey``; returns how many were added."""
    questions = {q.code: q for q in survey.questions}
    mapped, unmapped = _columns(doc.responses or [], columns)
    for name in sorted(unmapped):
        report.skipped("responses", name, "no imported question holds this column")
    added = incomplete = 0
    for row in doc.responses or []:
        if not row.get("submitdate"):
            incomplete += 1
            continue
        response = _response(survey, row, mapped, questions, report)
        if response is not None:
            added += 1
    if incomplete:
        report.skipped("responses", "incomplete", f"{incomplete} responses were never submitted")
    report.imported("responses", "responses", f"{added} responses")
    return added


def _columns(rows: list[dict[str, str]], columns: dict[str, tuple[str, str]]) -> tuple[dict, set]:
    names = {key for row in rows for key in row}
    mapped, unmapped = {}, set()
    for name in names:
        match = FIELD.match(name)
        if match is None:
            continue  # id, token, submitdate, lastpage, startlanguage, seed...
        target = columns.get(match.group(1) + match.group(2))
        if target is None:
            unmapped.add(name)
        else:
            mapped[name] = target
    return mapped, unmapped


def _response(
    survey: Survey, row: dict[str, str], mapped: dict, questions: dict, report: MappingReport
) -> Response | None:
    raw: dict[str, list[str]] = {}
    for name, (code, how) in mapped.items():
        _raw_value(raw, questions[code], how, row.get(name, ""))
    response = Response(
        survey_id=survey.id,
        language=engage_code(row.get("startlanguage", "")) or "en",
        submitted_on=_day(row.get("submitdate", "")),
    )
    for code, question in questions.items():
        if not any(n == f"q.{code}" or n.startswith(f"q.{code}.") for n in raw):
            continue
        try:
            value = qtypes.get(question.type).parse(question, raw)
        except qtypes.AnswerError as exc:
            report.skipped(f"response {row.get('id', '?')}", code, f"answer not kept: {exc}")
            continue
        if value is not None:
            response.answers.append(Answer(question_id=question.id, value=value))
    db.session.add(response)
    return response


def _raw_value(raw: dict[str, list[str]], question: Any, how: str, cell: str) -> None:
    cell = cell.strip()
    if not cell:
        return
    name = f"q.{question.code}"
    if how.startswith("check:"):
        if cell == "Y":
            raw.setdefault(name, []).append(how.split(":", 1)[1])
    elif how == "other":
        raw[f"{name}.other"] = [cell]
    elif how.startswith("rank:"):  # the cell names the answer given this rank
        raw[f"{name}.{cell}"] = [how.split(":", 1)[1]]
    elif cell == "-oth-":  # LimeSurvey's code for the "Other" choice
        raw[name] = ["other"]
    elif how.startswith("row:"):
        points = [o["value"] for o in question.options]
        point = str(points.index(cell) + 1) if cell in points else cell
        raw[f"{name}.{how.split(':', 1)[1]}"] = [point]
    elif question.type == "date":
        raw[name] = [cell[:10]]
    else:
        raw[name] = [cell]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return date(1970, 1, 1)
