"""Files built by jobs (exports): kept in the instance folder, written atomically, and handed
only to the person who asked for them."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

from engage.errors import DomainError
from engage.jobs.models import Job, JobStatus

#: Write errors that mean "no room": a full disk, a quota, a file size limit.
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
#: The same as libxml2 names them: openpyxl writes worksheets through lxml, which raises
#: ``SerialisationError("IO_ENOSPC")`` rather than an OSError.
_LIBXML_NO_ROOM = {"IO_ENOSPC": errno.ENOSPC, "IO_EDQUOT": errno.EDQUOT, "IO_EFBIG": errno.EFBIG}


def _no_room(exc: Exception) -> int | None:
    """The errno when ``exc`` means the disk (or a size limit) left no room, else None."""
    if isinstance(exc, OSError):
        return exc.errno if exc.errno in _NO_ROOM else None
    if type(exc).__name__ == "SerialisationError":
        return _LIBXML_NO_ROOM.get(str(exc))
    return None


def export_dir() -> Path:
    path = Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_export(name: str, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a temporary file beside the target, then rename it into place, so a
    half-written file (a crash, a full disk) is never served; the temporary file is removed."""
    target = export_dir() / name
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.replace(target)
    except Exception as exc:
        code = _no_room(exc)
        if code is None:
            raise
        raise DomainError(
            "The server ran out of disk space while writing this export "
            f"({os.strerror(code)}), so no file was kept. Ask an administrator to free "
            "space on the server, then export again."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def requested_file(job: Job, user: Any, builder: Callable[..., None], again: str) -> Path:
    """The finished file of ``job`` if ``user`` asked for it and ``builder`` built it.

    Raises:
        DomainError: when it is someone else's, built by another job, not ready or gone
            (``again`` says what to do then, e.g. "export the report again").
    """
    result = job.result or {}
    if job.created_by_id != getattr(user, "id", None):
        raise DomainError("Only the person who asked for this export can download it.")
    if job.func != f"{builder.__module__}:{builder.__qualname__}":
        raise DomainError("This job did not build this kind of export.")
    if job.status != JobStatus.FINISHED or "file" not in result:
        raise DomainError("The export is not ready yet.")
    path = export_dir() / result["file"]
    if not path.is_file():
        raise DomainError(f"The export file is gone; {again}.")
    return path
