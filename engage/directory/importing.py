"""Stakeholder import from CSV or XLSX, with errors reported by line and column."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from engage.directory.models import QuoteConsent, StakeholderRole
from engage.errors import DomainError

REQUIRED_COLUMNS = ("name", "role")
KNOWN_COLUMNS = REQUIRED_COLUMNS + (
    "email",
    "phone",
    "title",
    "org_units",
    "preferred_language",
    "consent_contact",
    "consent_quote",
    "notes",
)
LANGUAGES = ("en", "es", "hmn")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@dataclass
class RowError:
    line: int  #: 1-based line in the file, header is line 1
    column: str
    message: str


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_lines(self) -> set[int]:
        return {error.line for error in self.errors}

    @property
    def valid_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.line not in self.bad_lines]


def decode(data: bytes, encoding: str) -> str:
    """Decode an uploaded CSV, naming the line and column of the first bad byte."""
    codec = "utf-8-sig" if encoding in ("auto", "utf-8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DomainError(
            f"Line {line}, character {column}: byte 0x{data[exc.start]:02x} is not valid "
            f"{'UTF-8' if codec == 'utf-8-sig' else encoding}. Save the file as UTF-8, or "
            "choose the Windows-1252 encoding if it came from older Excel."
        ) from exc


def read_table(filename: str, data: bytes, encoding: str = "auto") -> list[list[str]]:
    """Rows of cells (header first) from a .csv or .xlsx upload."""
    if not data.strip():
        raise DomainError("The file is empty.")
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise DomainError("The file is not a readable .xlsx workbook.") from exc
        return [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    if not filename.lower().endswith(".csv"):
        raise DomainError("Upload a .csv or .xlsx file.")
    return list(csv.reader(io.StringIO(decode(data, encoding), newline="")))


def _bool(value: str, line: int, column: str, errors: list[RowError]) -> bool:
    lowered = value.strip().lower()
    if lowered in _YES or lowered in _NO:
        return lowered in _YES
    errors.append(RowError(line, column, f"'{value}' is not yes or no."))
    return False


def _choice(
    value: str, allowed: list[str], default: str, line: int, column: str, errors: list[RowError]
) -> str:
    value = value.strip().lower() or default
    if value not in allowed:
        errors.append(RowError(line, column, f"'{value}' is not one of: {', '.join(allowed)}."))
    return value


def _email(value: str, line: int, errors: list[RowError]) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        errors.append(RowError(line, "email", f"'{value}' is not an email address ({exc})."))
        return None


def header_index(header: list[str]) -> dict[str, int]:
    columns = {name.strip().lower(): i for i, name in enumerate(header) if name.strip()}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise DomainError(
            f"Line 1: missing column(s) {', '.join(missing)}. Columns found: "
            f"{', '.join(columns) or 'none'}. Expected: {', '.join(KNOWN_COLUMNS)}."
        )
    return columns


def parse_row(cells: dict[str, str], line: int, errors: list[RowError]) -> ParsedRow:
    if not cells.get("name", "").strip():
        errors.append(RowError(line, "name", "A name is required."))
    roles = [r.value for r in StakeholderRole]
    consents = [c.value for c in QuoteConsent]
    values = {
        "name": cells.get("name", "").strip()[:200],
        "email": _email(cells.get("email", ""), line, errors),
        "phone": cells.get("phone", "").strip()[:40] or None,
        "title": cells.get("title", "").strip()[:200],
        "role": _choice(cells.get("role", ""), roles, "", line, "role", errors),
        "preferred_language": _choice(
            cells.get("preferred_language", ""),
            list(LANGUAGES),
            "en",
            line,
            "preferred_language",
            errors,
        ),
        "consent_contact": _bool(cells.get("consent_contact", ""), line, "consent_contact", errors),
        "consent_quote": _choice(
            cells.get("consent_quote", ""), consents, "none", line, "consent_quote", errors
        ),
        "org_units": [n.strip() for n in cells.get("org_units", "").split(";") if n.strip()],
        "notes": cells.get("notes", "").strip(),
    }
    return ParsedRow(line, values)
