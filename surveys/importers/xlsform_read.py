"""Reading an XLSForm (XLSX, or KoboToolbox's JSON form content) into plain rows.

Cells become strings the way pyxform sees them: numbers without a trailing ``.0``, booleans
as ``TRUE``/``FALSE``, formulas never evaluated (the cached value is read, as pyxform does).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from surveys.importers.report import BadImport
from surveys.importers.safety import check_size, open_zip

MAX_ROWS = 5000
Row = dict[str, str]


@dataclass
class Form:
    """The three sheets: rows as (1-based sheet row number, header -> text)."""

    survey: list[tuple[int, Row]]
    choices: list[tuple[int, Row]] = field(default_factory=list)
    settings: Row = field(default_factory=dict)


def read_form(data: bytes, filename: str) -> Form:
    """Read ``data`` as XLSX, or as KoboToolbox JSON when the name ends in .json.

    Raises:
        BadImport: not a workbook, no survey sheet, no type column, too many rows.
    """
    check_size(data, filename)
    if PurePath(filename).suffix.lower() == ".json":
        return _kobo(data, filename)
    return _xlsx(data, filename)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(data: bytes, filename: str) -> Form:
    import openpyxl

    open_zip(data, filename)  # size and zip-bomb checks before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        kind = type(exc).__name__
        raise BadImport(f"{filename}: not a readable XLSX workbook ({kind}).") from None
    sheets = {name.strip().lower(): name for name in book.sheetnames}
    if "survey" not in sheets:
        found = ", ".join(book.sheetnames)
        raise BadImport(f"{filename}: there is no 'survey' sheet (found {found}).")
    form = Form(_sheet(book[sheets["survey"]], filename, "survey"))
    if "choices" in sheets:
        form.choices = _sheet(book[sheets["choices"]], filename, "choices")
    if "settings" in sheets:
        rows = _sheet(book[sheets["settings"]], filename, "settings")
        form.settings = rows[0][1] if rows else {}
    book.close()
    if not any("type" in row for _n, row in form.survey):
        raise BadImport(f"{filename}: the survey sheet has no 'type' column.")
    return form


def _sheet(sheet: Any, filename: str, title: str) -> list[tuple[int, Row]]:
    sheet.reset_dimensions()  # some files declare a million rows; read only those present
    header: list[str] = []
    rows: list[tuple[int, Row]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        if not any(cells):
            continue
        if not header:
            header = [_header(c) for c in cells]
            continue
        rows.append((number, {h: c for h, c in zip(header, cells, strict=False) if h and c}))
        if len(rows) > MAX_ROWS:
            raise BadImport(f"{filename}: the {title} sheet has more than {MAX_ROWS} rows.")
    return rows


def _header(text: str) -> str:
    base, sep, rest = text.strip().partition("::")
    return base.strip().lower().replace(" ", "_") + sep + rest.strip()


def _kobo(data: bytes, filename: str) -> Form:
    try:
        document = json.loads(data.decode("utf-8-sig"))
        content = document.get("content", document)
        survey, choices = content["survey"], content.get("choices", [])
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, KeyError, TypeError):
        raise BadImport(f"{filename}: not a KoboToolbox form (JSON with content.survey).") from None
    names = [str(t or "default") for t in content.get("translations") or [None]]
    form = Form(
        [(n, _kobo_row(r, names)) for n, r in enumerate(survey, start=1)],
        [(n, _kobo_row(r, names)) for n, r in enumerate(choices, start=1)],
        {k: cell_text(v) for k, v in (content.get("settings") or {}).items()},
    )
    form.settings.setdefault("default_language", names[0])
    return form


def _kobo_row(row: Any, languages: list[str]) -> Row:
    if not isinstance(row, dict):
        raise BadImport("a KoboToolbox survey row is not an object.")
    out: Row = {}
    for key, value in row.items():
        if isinstance(value, list):  # translated column: one entry per language
            for language, text in zip(languages, value, strict=False):
                if text:
                    out[f"{key}::{language}"] = cell_text(text)
        elif value not in (None, "", False):
            out[key] = cell_text(value)
    kind = out.get("type", "")  # begin_group and friends are normalised by the converter
    if "select_from_list_name" in out and kind.startswith("select"):
        kind = f"{kind} {out['select_from_list_name']}"
    out["type"] = kind
    return out
