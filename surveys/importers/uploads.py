"""Uploads waiting between the steps of an import (check, then confirm), in the instance folder.

Each waits under a random key and is deleted once imported; uploads left waiting more than a
day are deleted on the next upload (they may hold personal data: .lsa responses, response
spreadsheets). They are never served back.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path, PurePath

from flask import abort, current_app

KEY = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
MAX_AGE = 24 * 3600


def _folder(kind: str) -> Path:
    folder = Path(current_app.instance_path) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(kind: str, filename: str, data: bytes) -> str:
    """Store an upload in the ``kind`` folder; returns its key."""
    folder, now = _folder(kind), time.time()
    for old in folder.iterdir():
        try:
            if now - old.stat().st_mtime > MAX_AGE:
                old.unlink()
        except FileNotFoundError:  # another request removed it first
            continue
    # hex, not token_urlsafe: a key ending in '_' ran into the '__' separator, and the
    # original name came back with a stray leading underscore
    key = secrets.token_hex(16)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", PurePath(filename or "upload").name)
    (folder / f"{key}__{name[-100:]}").write_bytes(data)
    return key


def kept(kind: str, key: str) -> Path:
    """The waiting upload with ``key``, or 404; its original name follows ``__``."""
    found = list(_folder(kind).glob(f"{key}__*")) if KEY.match(key) else []
    return found[0] if found else abort(404)


def original_name(path: Path) -> str:
    return path.name.partition("__")[2]
