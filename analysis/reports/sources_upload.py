"""Evidence from uploaded files: answers from another survey tool, a Polis export, a sheet.

Files have no dates or org units, so only the language filter applies (to a ``language``
column when the file has one).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from analysis.nlp import EvidenceUnit
from analysis.reports.models import TextUpload
from analysis.reports.sources import Source, in_languages, register
from analysis.themefile.read import BadInput, pick_column, read_table
from engage.errors import DomainError
from engage.extensions import db

NAME = "upload"
MAX_ROWS = 200_000


def unit_id(upload_id: int, row_id: str) -> str:
    return f"{NAME}:{upload_id}:{row_id}"


def _uploads(scope: dict[str, Any]) -> list[TextUpload]:
    ids = [int(i) for i in (scope.get("sources", {}).get(NAME) or {}).get("ids", [])]
    return list(db.session.scalars(select(TextUpload).where(TextUpload.id.in_(ids))))


def provide(scope: dict[str, Any]) -> list[EvidenceUnit]:
    """The non-empty rows of the uploads picked in ``scope``."""
    units = []
    for upload in _uploads(scope):
        for row in upload.rows:
            if in_languages(row["attributes"].get("language"), scope):
                units.append(
                    EvidenceUnit(
                        unit_id(upload.id, row["id"]),
                        row["text"],
                        f"{NAME}:{upload.id}",
                        dict(row["attributes"]),
                    )
                )
    return units


def options() -> list[tuple[str, str]]:
    uploads = db.session.scalars(select(TextUpload).order_by(TextUpload.id.desc()))
    return [(str(u.id), f"{u.name} ({len(u.rows)} rows)") for u in uploads]


def quotable(ids: Iterable[str]) -> set[str]:
    ids = list(ids)
    upload_ids = {int(i.split(":")[1]) for i in ids}
    allowed = set(
        db.session.scalars(
            select(TextUpload.id).where(TextUpload.id.in_(upload_ids), TextUpload.quotable)
        )
    )
    return {i for i in ids if int(i.split(":")[1]) in allowed}


register(Source(NAME, "Uploaded file", provide, options, quotable))


def create_upload(
    name: str,
    filename: str,
    content: bytes,
    text_column: str,
    group_columns: list[str],
    quotable: bool,
    actor: Any,
) -> TextUpload:
    """Store the non-empty answers of a CSV or XLSX file for theming.

    Args:
        name: what analysts will see when picking a scope.
        filename: the uploaded file's name (its suffix picks CSV or XLSX).
        content: the file's bytes (CSV in UTF-8 or Windows-1252, or XLSX).
        text_column: header of the column holding the answers.
        group_columns: headers of columns to break results down by.
        quotable: the uploader confirms the authors agreed to anonymous quotation.
        actor: who uploaded it.

    Raises:
        DomainError: unreadable file, missing column, no answers, or too many rows.
    """
    table = _read(filename, content)
    try:
        text_at = pick_column(table, text_column)
        group_at = {g: pick_column(table, g) for g in group_columns if g != text_column}
    except BadInput as exc:
        raise DomainError(str(exc)) from None
    rows = [
        {
            "id": str(i),
            "text": cells[text_at],
            "attributes": {g: cells[at].strip() for g, at in group_at.items() if cells[at].strip()},
        }
        for i, cells in enumerate(table.rows)
        if cells[text_at].strip()
    ]
    if not rows:
        raise DomainError(f"Column {text_column!r} has no answers.")
    if len(rows) > MAX_ROWS:
        raise DomainError(f"The file has {len(rows)} answers; the limit is {MAX_ROWS}.")
    upload = TextUpload(
        name=name, filename=filename, rows=rows, group_columns=sorted(group_at),
        quotable=quotable, created_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(upload)
    db.session.flush()
    return upload


def _read(filename: str, content: bytes) -> Any:
    suffix = Path(filename).suffix.lower() if filename else ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix if suffix in ('.csv', '.xlsx', '.xlsm') else '.csv'}"
        path.write_bytes(content)
        try:
            return read_table(path)
        except BadInput as exc:
            raise DomainError(str(exc).replace(str(path), filename or "the file")) from None
