"""Response exports (CSV, XLSX, SPSS .sav) and the survey definition as JSON.

One row per response, one column per question or option (see each type's ``export_columns``);
categorical columns hold codes with a ``_label`` column or value labels beside them. Text cells
that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.extensions import db
from engage.spreadsheets import neutralise
from surveys import qtypes
from surveys.models import Response, Survey

FORMATS = ("csv", "xlsx", "sav")
_FIXED = (
    qtypes.Column("response_id", "Response id", lambda r: r.id),
    qtypes.Column("submitted_on", "Date submitted", lambda r: r.submitted_on.isoformat()),
    qtypes.Column("language", "Language", lambda r: r.language),
    qtypes.Column("org_unit", "Org unit", lambda r: r.org_unit.name if r.org_unit else None),
    qtypes.Column("respondent_role", "Respondent role", lambda r: r.respondent_role),
)


def columns(survey: Survey) -> list[tuple[int | None, qtypes.Column]]:
    """(question id or None for response fields, column) in export order."""
    out: list[tuple[int | None, qtypes.Column]] = [(None, c) for c in _FIXED]
    for question in survey.questions:
        out += [(question.id, c) for c in qtypes.get(question.type).export_columns(question)]
    return out


def responses(survey: Survey) -> Iterator[Response]:
    query = (
        select(Response)
        .where(Response.survey_id == survey.id)
        .options(selectinload(Response.answers), selectinload(Response.org_unit))
        .order_by(Response.submitted_on, Response.id)
        .execution_options(yield_per=500)
    )
    yield from db.session.scalars(query)


def rows(survey: Survey, items: Iterable[Response], *, safe: bool = True) -> Iterator[list[Any]]:
    """Cell values per response; ``safe`` neutralises formulas (SPSS needs the raw text)."""
    cols, clean = columns(survey), neutralise if safe else (lambda value: value)
    for response in items:
        values = {a.question_id: a.value for a in response.answers}
        yield [
            clean(col.get(response) if qid is None else col.get(values.get(qid)))
            for qid, col in cols
        ]


def csv_chunks(survey_id: int) -> Iterator[str]:
    """The CSV a chunk at a time, so large exports stream.

    Takes an id: a streamed body runs after the view has returned and its session is gone.
    """
    survey = db.session.get(Survey, survey_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.name for _q, c in columns(survey)])
    for n, row in enumerate(rows(survey, responses(survey)), start=1):
        writer.writerow(row)
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(survey: Survey, items: Iterable[Response] | None = None) -> bytes:
    """Responses sheet plus a codebook sheet listing each column's label and value labels.

    ``items`` defaults to every response; a job passes them through a progress counter.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    cols = columns(survey)
    sheet.append([c.name for _q, c in cols])
    for row in rows(survey, responses(survey) if items is None else items):
        sheet.append(row)
    codebook = book.create_sheet("codebook")
    codebook.append(["column", "label", "value labels"])
    for _q, col in cols:
        labels = "; ".join(f"{k} = {v}" for k, v in (col.value_labels or {}).items())
        codebook.append([neutralise(col.name), neutralise(col.label), neutralise(labels)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _spss_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", name)[:60]
    base = base if base[:1].isalpha() else f"v_{base}"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate.lower())
    return candidate


def write_sav(survey: Survey, path: str, items: Iterable[Response] | None = None) -> None:
    """Write an SPSS file with variable labels and value labels to ``path``."""
    import pandas as pd
    import pyreadstat

    cols = columns(survey)
    used: set[str] = set()
    names = [_spss_name(c.name, used) for _q, c in cols]
    data = list(rows(survey, responses(survey) if items is None else items, safe=False))
    frame = pd.DataFrame(data, columns=names)
    for name, (_q, col) in zip(names, cols, strict=True):
        frame[name] = pd.to_numeric(frame[name]) if col.numeric else frame[name].astype("string")
    value_labels = {
        name: {float(k) if col.numeric else k: v for k, v in col.value_labels.items()}
        for name, (_q, col) in zip(names, cols, strict=True)
        if col.value_labels
    }
    labels = {name: col.label[:250] for name, (_q, col) in zip(names, cols, strict=True)}
    pyreadstat.write_sav(frame, path, column_labels=labels, variable_value_labels=value_labels)


def definition(survey: Survey) -> dict[str, Any]:
    """The survey definition (schema engage.survey/1): enough to rebuild it elsewhere."""
    return {
        "schema": "engage.survey/1",
        "slug": survey.slug,
        "title": survey.title,
        "kind": survey.kind.value,
        "anonymity": survey.anonymity.value,
        "languages": survey.languages,
        "intro": survey.intro,
        "thanks": survey.thanks,
        "translations": survey.translations,
        "sections": [
            {
                "title": s.title,
                "intro": s.intro,
                "condition": s.condition,
                "translations": s.translations,
                "questions": [
                    {
                        k: getattr(q, k)
                        for k in (
                            "code",
                            "type",
                            "text",
                            "help",
                            "required",
                            "options",
                            "settings",
                            "condition",
                            "translations",
                        )
                    }
                    for q in s.questions
                ],
            }
            for s in survey.sections
        ],
    }
