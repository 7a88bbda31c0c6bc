"""Reading a spreadsheet of responses (CSV in any common encoding, or XLSX) into text rows.

Files come from Google Forms, Microsoft Forms, SurveyMonkey or Excel and are treated as hostile:
size and zip-bomb checks first, formulas never evaluated (XLSX cached values are read; CSV
text stays text), binary content refused.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

from analysis.csvtext import UnreadableText, csv_rows
from surveys.importers.report import BadImport
from surveys.importers.safety import check_size, open_zip
from surveys.importers.xlsform_read import cell_text

MAX_ROWS = 50_000
MAX_COLUMNS = 500


@dataclass(frozen=True)
class Sheet:
    """Header and rows (each padded to the header's width); rows are numbered from 2."""

    header: list[str]
    rows: list[list[str]]


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Read ``data`` as XLSX (by suffix) or CSV.

    Raises:
        BadImport: unreadable, binary, empty, too large, or without a header row.
    """
    check_size(data, filename)
    suffix = PurePath(filename).suffix.lower()
    records = _xlsx(data, filename) if suffix in (".xlsx", ".xlsm") else _csv(data, filename)
    records = [r for r in records if any(c.strip() for c in r)]
    if not records:
        raise BadImport(f"{filename}: no header row found.")
    header = [c.strip() for c in records[0]]
    if len(header) > MAX_COLUMNS or len(records) > MAX_ROWS + 1:
        raise BadImport(f"{filename}: more than {MAX_ROWS} rows or {MAX_COLUMNS} columns.")
    width = len(header)
    return Sheet(header, [(r + [""] * width)[:width] for r in records[1:]])


def _csv(data: bytes, filename: str) -> list[list[str]]:
    try:
        return csv_rows(data)
    except UnreadableText as exc:
        raise BadImport(f"{filename}: {exc}.") from None


def _xlsx(data: bytes, filename: str) -> list[list[str]]:
    import openpyxl

    open_zip(data, filename)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise BadImport(
            f"{filename}: not a readable XLSX workbook ({type(exc).__name__})."
        ) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([cell_text(v) for v in values[: MAX_COLUMNS + 1]])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()
