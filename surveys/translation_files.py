"""The XLSX round-trip of a survey's wording: export every string, translate, import back.

One row per string (see ``surveys.translation_strings`` for the keys), one column per
language. The English column is a snapshot: on import, a row whose English no longer matches
the survey is imported but flagged, because the translation was made from the old wording.
Cells a spreadsheet would run as formulas are neutralised on export and restored on import.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.spreadsheets import FORMULA_START, neutralise
from surveys.models import Survey, SurveyStatus
from surveys.translation_strings import TARGET_LANGUAGES, Entry, entries

HEADER = ("key", "where", "en", *TARGET_LANGUAGES)
SHEET = "translations"
MAX_ROWS = 5000
MAX_CELL = 10_000
LANGUAGE_NAMES = {"es": "Spanish (es)", "hmn": "Hmong (hmn)"}


def workbook_bytes(survey: Survey) -> bytes:
    """The translation workbook: a header row, then one row per string."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADER)
    for entry in entries(survey):
        cells = [entry.key, entry.where, entry.english]
        sheet.append([neutralise(c) for c in cells + [entry.current(x) for x in TARGET_LANGUAGES]])
    sheet.freeze_panes = "C2"
    for column, width in zip("ABCDE", (22, 22, 50, 50, 50), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class ImportReport:
    """What an import changed and everything a person should look at, by spreadsheet row."""

    updated: int = 0
    skipped: list[str] = field(default_factory=list)  #: unknown keys, not imported
    empty: list[str] = field(default_factory=list)  #: empty cells, translation left as it was
    flagged: list[str] = field(default_factory=list)  #: English changed since export
    missing: list[str] = field(default_factory=list)  #: survey strings absent from the file


def import_workbook(survey: Survey, data: bytes, actor: Any) -> ImportReport:
    """Store the translations of an uploaded workbook.

    Args:
        survey: the survey the file was exported from.
        data: the uploaded XLSX.
        actor: who imports it (audited, with the previous wording if the survey has opened).

    Raises:
        DomainError: the file cannot be read, lacks the key or English column, repeats a key
            or holds an over-long cell; nothing is stored then.
    """
    languages, rows = _read(data)
    known = {entry.key: entry for entry in entries(survey)}
    report, before = ImportReport(), {}
    for number, row in rows:
        entry = known.pop(row["key"], None)
        if entry is None:
            report.skipped.append(f"Row {number}: unknown key {row['key']}; row not imported.")
            continue
        if row["en"] != entry.english.strip():
            report.flagged.append(
                f"Row {number} ({entry.key}): the English has changed since this file was "
                f"exported; it now reads “{entry.english}”. Check the translation."
            )
        for lang in languages:
            changed = _apply(entry, lang, row[lang], number, survey, report)
            if changed is not None:
                before.setdefault(entry.key, {})[lang] = changed
    report.missing = sorted(known)
    db.session.flush()
    detail = {"updated": report.updated, "flagged": len(report.flagged)}
    if survey.status != SurveyStatus.DRAFT:
        detail["before"] = before  # respondents may have seen the old wording
    record(actor, "survey.translations_imported", "survey", survey.id, **detail)
    return report


def _apply(
    entry: Entry, lang: str, text: str, number: int, survey: Survey, report: ImportReport
) -> str | None:
    """Store one cell; returns the previous translation when it changed, else None."""
    if not text:
        if lang in survey.languages:
            report.empty.append(f"Row {number} ({entry.key}): no {LANGUAGE_NAMES[lang]} text.")
        return None
    previous = entry.current(lang)
    if text == previous:
        return None
    entry.set(lang, text)
    report.updated += 1
    return previous


def _read(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The language columns present and (row number, cells by column name) per row."""
    table = _sheet_rows(data)
    header = [_text(cell).lower() for cell in table[0]] if table else []
    if "key" not in header or "en" not in header:
        raise DomainError("The first row must name the columns key and en (as exported).")
    languages = [lang for lang in TARGET_LANGUAGES if lang in header]
    if not languages:
        raise DomainError("The file has no es or hmn column, so there is nothing to import.")
    index = {name: header.index(name) for name in ("key", "en", *languages)}
    rows, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        row = {name: _cell(cells, i, number) for name, i in index.items()}
        if not any(row.values()):
            continue
        if row["key"] in seen:
            raise DomainError(
                f"Rows {seen[row['key']]} and {number} both have the key {row['key']}."
            )
        seen[row["key"]] = number
        rows.append((number, row))
    return languages, rows


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from surveys.importers.safety import open_zip

    open_zip(data, "The translation file")  # size and zip-bomb checks before parsing
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise DomainError(f"The file could not be read as XLSX ({exc}).") from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    table = []
    for cells in sheet.iter_rows(values_only=True):
        table.append(cells)
        if len(table) > MAX_ROWS + 1:
            raise DomainError(f"The file has more than {MAX_ROWS} rows; is it the right file?")
    book.close()
    return table


def _cell(cells: tuple[Any, ...], index: int, number: int) -> str:
    text = _text(cells[index] if index < len(cells) else None)
    if len(text) > MAX_CELL:
        raise DomainError(f"Row {number}: a cell is longer than {MAX_CELL} characters.")
    return text


def _text(value: Any) -> str:
    """A cell as stripped text, undoing the apostrophe the export put before formula starts."""
    text = "" if value is None else str(value)
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_START:
        text = text[1:]
    return text.strip()
