"""Read a CSV or XLSX file of answers into evidence units.

CSV encodings are detected by ``analysis.csvtext`` (shared with the responses importer). Every
problem a person can fix is a :class:`BadInput` with a one-line message.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from analysis.csvtext import UnreadableText, csv_rows
from analysis.nlp.types import EvidenceUnit

XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class BadInput(ValueError):
    """The input file cannot be themed; the message says why in one line."""


@dataclass(frozen=True)
class Table:
    """A header and data rows of strings (ragged rows padded with empty cells)."""

    header: list[str]
    rows: list[list[str]]


def read_table(path: Path) -> Table:
    """Read ``path`` as XLSX (by suffix) or CSV.

    Raises:
        BadInput: Missing, empty, binary or undecodable file, or no header row.
    """
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise BadInput(f"{path}: the file is empty")
    records = _xlsx(path) if path.suffix.lower() in XLSX_SUFFIXES else _csv(path)
    if not records or not any(c.strip() for c in records[0]):
        raise BadInput(f"{path}: no header row found")
    header = [c.strip() for c in records[0]]
    width = len(header)
    rows = [(r + [""] * width)[:width] for r in records[1:]]
    return Table(header, rows)


def _csv(path: Path) -> list[list[str]]:
    try:
        return csv_rows(path.read_bytes())
    except UnreadableText as exc:
        raise BadInput(f"{path}: {exc}") from None


def _xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise BadInput(f"{path}: not a readable XLSX workbook ({err})") from err
    try:
        sheet = book.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        book.close()


def pick_column(table: Table, name: str) -> int:
    """Index of column ``name``.

    Raises:
        BadInput: Naming the missing column and listing the available ones.
    """
    if name in table.header:
        return table.header.index(name)
    available = ", ".join(repr(h) for h in table.header if h)
    raise BadInput(f"column {name!r} not found; available columns: {available}")


def to_units(
    table: Table,
    text: str,
    groups: tuple[str, ...] = (),
    id_column: str | None = None,
    source: str = "",
) -> tuple[list[EvidenceUnit], list[int]]:
    """Evidence units for the non-empty answers, and the data-row index of each.

    Returns:
        ``(units, row_of_unit)``; ``row_of_unit[i]`` is the 0-based data row of ``units[i]``.
    """
    t = pick_column(table, text)
    g = {name: pick_column(table, name) for name in groups}
    i = pick_column(table, id_column) if id_column else None
    units, rows = [], []
    for row, cells in enumerate(table.rows):
        if not cells[t].strip():
            continue
        attrs = {name: cells[col].strip() for name, col in g.items()}
        unit_id = cells[i].strip() if i is not None else str(row)
        units.append(EvidenceUnit(unit_id, cells[t], source, attrs))
        rows.append(row)
    return units, rows
