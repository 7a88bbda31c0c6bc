"""The backup archive format ``engage.backup/1``: a gzipped tar, portable across databases.

Layout::

    manifest.json              format, created, alembic revision, source dialect, and for every
                               table and file its member name, row count or size, and SHA-256
    tables/NNN_<table>.jsonl   one JSON object per row, tables in foreign-key dependency order,
                               rows in primary-key order (random ids for anonymous responses:
                               the archive never records the order rows were written in)
    files/<folder>/<path>      the instance folders holding uploaded and exported files

Values are JSON: datetimes and dates as ISO 8601, bytes as base64, JSON columns as they are.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy.types import TypeDecorator

FORMAT = "engage.backup/1"
MANIFEST = "manifest.json"
#: instance sub-folders holding people's files (the database and caches are not files we own)
FILE_FOLDERS = ("exports", "response_imports", "definition_imports")


class BackupError(ValueError):
    """The archive or the target is unusable; the message says what to do."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(value: Any) -> Any:
    """A column value as JSON."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def decoder(column: Column) -> Any:
    """A function turning the JSON of ``column`` back into what its type binds."""
    kind = column.type
    if isinstance(kind, TypeDecorator):  # e.g. UTCDateTime: convert for the type it wraps
        kind = kind.impl_instance
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return lambda value: value
    parse = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        time: time.fromisoformat,
        bytes: base64.b64decode,
        Decimal: Decimal,
    }.get(python_type)
    if parse is None:
        return lambda value: value
    return lambda value: None if value is None else parse(value)


def add_member(tar: tarfile.TarFile, name: str, data: bytes) -> dict[str, Any]:
    """Write one member; returns its manifest entry (name, bytes, checksum)."""
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    tar.addfile(info, io.BytesIO(data))
    return {"member": name, "bytes": len(data), "sha256": sha256(data)}


def read_members(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every member, each checked against the manifest's checksum.

    Raises:
        BackupError: not an Engage archive, an unknown format, or a damaged member.
    """
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a readable Engage backup ({exc})") from exc
    if MANIFEST not in members:
        raise BackupError(f"{path} has no {MANIFEST}: not an Engage backup")
    manifest = json.loads(members[MANIFEST])
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has format {manifest.get('format')!r}; expected {FORMAT}")
    for entry in manifest["tables"] + manifest["files"]:
        data = members.get(entry["member"])
        if data is None or sha256(data) != entry["sha256"]:
            raise BackupError(f"{entry['member']} in {path} is missing or damaged (checksum)")
    return manifest, members
