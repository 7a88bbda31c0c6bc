"""Export files written by jobs: a full disk is a clear error and leaves no file behind."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from flask import Flask

from engage.errors import DomainError
from engage.jobs.files import export_dir, write_export


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG])
def test_a_full_disk_is_a_clear_error_and_leaves_no_file(app: Flask, code: int) -> None:
    def write(path: Path) -> None:
        path.write_bytes(b"half a spreadsheet")
        raise OSError(code, "no room")

    with app.app_context():
        temporary = set(export_dir().glob("tmp*.xlsx"))  # the folder may be shared
        with pytest.raises(DomainError, match="ran out of disk space.*export again"):
            write_export("survey-1-job1.xlsx", write)
        assert not (export_dir() / "survey-1-job1.xlsx").exists()
        assert set(export_dir().glob("tmp*.xlsx")) <= temporary


def test_a_full_disk_under_openpyxl_is_the_same_clear_error(app: Flask) -> None:
    from lxml.etree import SerialisationError

    def write(path: Path) -> None:
        raise SerialisationError("IO_ENOSPC")  # lxml writing a worksheet's temporary file

    with app.app_context(), pytest.raises(DomainError, match="No space left on device"):
        write_export("survey-1-job3.xlsx", write)


def test_other_write_errors_are_not_disguised(app: Flask) -> None:
    def write(path: Path) -> None:
        raise PermissionError(errno.EACCES, "denied")

    with app.app_context(), pytest.raises(PermissionError):
        write_export("survey-1-job2.xlsx", write)
