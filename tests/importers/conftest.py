"""Helpers for importer tests: run an import inside the app and read back the survey."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from engage.extensions import db
from surveys.importers.services import import_definition


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def imported(ctx: None) -> Callable[[str, Path], Any]:
    """``imported("xlsform", path)`` -> the committed SurveyImport (survey and report)."""

    def run(kind: str, path: Path) -> Any:
        entry = import_definition(kind, path.read_bytes(), path.name, "test")
        db.session.commit()
        return entry

    return run


def by_code(survey: Any) -> dict[str, Any]:
    return {q.code: q for q in survey.questions}


def outcomes(entry: Any, name: str) -> list[str]:
    return [e["outcome"] for e in entry.report["entries"] if e["name"] == name]
