"""Import existing notes: DOCX or TXT (one session per file) or CSV (one session per row).

Checking and saving are separate steps: ``check_upload`` parses and validates everything
and writes nothing, so a person sees a preview with per-row errors before ``apply_import``.
A DOCX or TXT file may start with ``Title:``, ``Date:``, ``Kind:``, ``Place:`` and
``Org units:`` lines (until the first blank line); the form's defaults fill the rest.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from docx import Document
from sqlalchemy import select

from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import Note, Session, SessionKind, SessionStatus
from engage.tours.models.notes import NOTE_LIMIT
from engage.tours.notes import normalise
from engage.tours.sessions import ensure_notes

FIELDS = ("title", "date", "kind", "place", "org_units")
CSV_TEXT = "notes"
_HEADER = re.compile(r"^\s*(title|date|kind|place|org units|org_units)\s*:\s*(.*)$", re.I)


@dataclass
class ImportRow:
    line: int  #: CSV line (header is 1), or 1 for a whole file
    title: str = ""
    date: str = ""
    kind: str = ""
    place: str = ""
    org_units: list[str] = field(default_factory=list)
    text: str = ""
    errors: list[str] = field(default_factory=list)
    org_unit_ids: list[int] = field(default_factory=list)


@dataclass
class Defaults:
    kind: str = "interview"
    held_on: date | None = None
    org_units: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Windows exports


def _docx_text(data: bytes) -> str:
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DomainError("The file is not a readable Word (.docx) document.") from exc
    return "\n".join(p.text for p in document.paragraphs)


def _from_text(name: str, text: str) -> ImportRow:
    row, lines = ImportRow(line=1, title=PurePath(name).stem), normalise(text).split("\n")
    body_start = 0
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            body_start = index + (1 if not line.strip() else 0)
            break
        key, value = match.group(1).lower().replace(" ", "_"), match.group(2).strip()
        _set(row, key, value)
        body_start = index + 1
    row.text = "\n".join(lines[body_start:]).strip()
    return row


def _set(row: ImportRow, key: str, value: str) -> None:
    if key == "org_units":
        row.org_units = [n.strip() for n in value.split(";") if n.strip()]
    else:
        setattr(row, key, value)


def _from_csv(text: str) -> list[ImportRow]:
    table = list(csv.reader(io.StringIO(text, newline="")))
    if not table:
        raise DomainError("The file is empty.")
    columns = {name.strip().lower().replace(" ", "_"): i for i, name in enumerate(table[0])}
    missing = [c for c in ("title", CSV_TEXT) if c not in columns]
    if missing:
        raise DomainError(
            f"Line 1: missing column(s) {', '.join(missing)}. Expected: title, notes; "
            "optional: date (YYYY-MM-DD), kind, place, org_units (separated by ;)."
        )
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = ImportRow(line=line)
        for key, i in columns.items():
            value = cells[i].strip() if i < len(cells) else ""
            if key in FIELDS:
                _set(row, key, value)
            elif key == CSV_TEXT:
                row.text = normalise(value)
        rows.append(row)
    return rows


def parse_upload(filename: str, data: bytes) -> list[ImportRow]:
    """Rows from a .docx, .txt or .csv upload, not yet validated."""
    suffix = PurePath(filename.lower()).suffix
    if not data.strip():
        raise DomainError("The file is empty.")
    if suffix == ".docx":
        return [_from_text(filename, _docx_text(data))]
    if suffix == ".txt":
        return [_from_text(filename, _decode(data))]
    if suffix == ".csv":
        return _from_csv(_decode(data))
    raise DomainError("Upload a .docx, .txt or .csv file.")


def _kind(value: str) -> str | None:
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in SessionKind.__members__.values() else None


def validate(rows: list[ImportRow], defaults: Defaults) -> list[ImportRow]:
    """Fill defaults and record every problem on its row; writes nothing."""
    units = {u.name.lower(): u.id for u in db.session.scalars(select(OrgUnit))}
    for row in rows:
        row.kind = row.kind or defaults.kind
        if _kind(row.kind) is None:
            row.errors.append(
                f"Kind '{row.kind}' is not interview, meeting, focus group or town hall."
            )
        row.date = row.date or (defaults.held_on.isoformat() if defaults.held_on else "")
        try:
            date.fromisoformat(row.date)
        except ValueError:
            row.errors.append(f"Date '{row.date}' is not a date like 2025-03-14.")
        row.org_units = row.org_units or list(defaults.org_units)
        unknown = [n for n in row.org_units if n.lower() not in units]
        row.errors += [f"No org unit is called '{name}'." for name in unknown]
        row.org_unit_ids = [units[n.lower()] for n in row.org_units if n.lower() in units]
        if not row.title.strip():
            row.errors.append("A title is required.")
        if not row.text.strip():
            row.errors.append("There is no note text.")
        elif len(row.text) > NOTE_LIMIT:
            row.errors.append(
                f"The text has {len(row.text):,} characters; the limit is {NOTE_LIMIT:,}."
            )
    return rows


def check_upload(filename: str, data: bytes, defaults: Defaults) -> list[ImportRow]:
    """Parse and validate an upload for the preview."""
    return validate(parse_upload(filename, data), defaults)


def to_plain(rows: list[ImportRow]) -> list[dict[str, Any]]:
    return [asdict(row) for row in rows]


def from_plain(rows: list[dict[str, Any]]) -> list[ImportRow]:
    """Rows back from a preview, with their checks cleared so they can be run again."""
    return [ImportRow(**{**row, "errors": [], "org_unit_ids": []}) for row in rows]


def apply_import(rows: list[ImportRow], actor: Any) -> list[Session]:
    """Create one held session per row with its text as free notes.

    Raises:
        DomainError: any row has an error (nothing is written then).
    """
    bad = [row.line for row in rows if row.errors]
    if bad:
        raise DomainError(
            f"Fix the rows with problems first (lines {', '.join(map(str, bad))}); "
            "nothing was imported."
        )
    created = []
    for row in rows:
        units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(row.org_unit_ids))))
        session = Session(
            title=row.title.strip()[:200],
            kind=SessionKind(_kind(row.kind)),
            status=SessionStatus.HELD,
            held_on=date.fromisoformat(row.date),
            place=row.place[:200],
            owner_id=actor.id,
            fellows=[actor],
            org_units=units,
        )
        db.session.add(session)
        db.session.flush()
        free: Note = next(n for n in ensure_notes(session) if n.guide_question_id is None)
        free.text = row.text
        created.append(session)
    db.session.flush()
    return created
