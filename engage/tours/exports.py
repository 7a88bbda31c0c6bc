"""Exports of coded segments and of the codebook as CSV or XLSX.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) get a leading apostrophe, in both formats: openpyxl too writes "=..." as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from engage.audit.services import record
from engage.errors import DomainError
from engage.spreadsheets import neutralise
from engage.tours.coding import code_counts, codebook
from engage.tours.models import CodedSpan

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SEGMENT_HEADER = (
    "session_id",
    "session",
    "date",
    "kind",
    "org_units",
    "question",
    "code",
    "coder",
    "start",
    "end",
    "text",
    "needs_review",
)
CODEBOOK_HEADER = ("code_id", "parent_id", "path", "name", "description", "segments", "sessions")


def segment_rows(spans: Iterable[CodedSpan]) -> list[tuple[Any, ...]]:
    rows = []
    for span in spans:
        session = span.note.session
        question = span.note.question.text_in("en") if span.note.question else "(free notes)"
        rows.append(
            (
                session.id,
                session.title,
                session.held_on.isoformat(),
                session.kind.value,
                "; ".join(u.name for u in session.org_units),
                question,
                span.code.path,
                span.coder.name,
                span.start,
                span.end,
                span.text,
                span.needs_review,
            )
        )
    return rows


def codebook_rows(spans: list[CodedSpan]) -> list[tuple[Any, ...]]:
    counts = code_counts(spans)
    return [
        (c.id, c.parent_id or "", c.path, c.name, c.description, *counts.get(c.id, (0, 0)))
        for c in codebook()
    ]


def render(fmt: str, header: Sequence[str], rows: list[tuple[Any, ...]]) -> bytes:
    """The table as CSV (UTF-8 with BOM, for Excel) or XLSX bytes."""
    if fmt not in FORMATS:
        raise DomainError("Choose CSV or XLSX.")
    cells = [list(header), *([neutralise(v) for v in row] for row in rows)]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(cells)
        return out.getvalue().encode("utf-8-sig")
    workbook = Workbook()
    sheet = workbook.active
    for row in cells:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(what: str, fmt: str, spans: list[CodedSpan], actor: Any) -> bytes:
    """Build an export and record who took it (coded text leaves the app)."""
    if what == "segments":
        data = render(fmt, SEGMENT_HEADER, segment_rows(spans))
    elif what == "codebook":
        data = render(fmt, CODEBOOK_HEADER, codebook_rows(spans))
    else:
        raise DomainError("Unknown export.")
    record(actor, f"tour_export.{what}", "tour_export", None, format=fmt, segments=len(spans))
    return data
