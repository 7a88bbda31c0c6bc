"""Guards for hostile files: size limits, zip bombs and XML entity tricks.

XLSX, .lsa and .lss files are zips or XML written by someone else's tool (or by an attacker).
Every reader goes through these checks before parsing.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from surveys.importers.report import BadImport

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000


def check_size(data: bytes, name: str) -> None:
    if not data:
        raise BadImport(f"{name}: the file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise BadImport(f"{name}: the file is larger than {MAX_FILE_BYTES // 2**20} MB.")


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """A zip whose members may be read safely (declared sizes checked before reading)."""
    check_size(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise BadImport(f"{name}: not a valid zip-based file (XLSX/.lsa).") from None
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNZIPPED_BYTES:
        raise BadImport(f"{name}: the archive unpacks to too much data (a zip bomb?).")
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise BadImport(f"{name}: {member.filename} is compressed suspiciously well.")
    return archive


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """A member's bytes, reading no more than its declared size (sizes can lie)."""
    info = archive.getinfo(member)
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise BadImport(f"{name}: {member} is larger than the archive says.")
    return data


def parse_xml(data: bytes, name: str) -> Any:
    """The root element; entity declarations and external references are refused."""
    check_size(data, name)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise BadImport(f"{name}: the XML declares entities or a DTD, which are refused.") from None
    except SafeET.ParseError as exc:
        raise BadImport(f"{name}: the XML is malformed ({exc}).") from None
