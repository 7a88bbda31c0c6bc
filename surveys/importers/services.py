"""Use cases: import a survey definition file and keep its mapping report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.extensions import db
from surveys.importers.models import SurveyImport
from surveys.importers.report import BadImport, MappingReport
from surveys.models import Survey

Importer = Callable[[bytes, str, Any], tuple[Survey, MappingReport]]
SUFFIXES = {"xlsform": (".xlsx", ".xlsm", ".json"), "limesurvey": (".lss", ".lsg", ".lsq", ".lsa")}


def _importer(kind: str) -> Importer:
    if kind == "xlsform":
        from surveys.importers.xlsform import import_xlsform

        return import_xlsform
    from surveys.importers.limesurvey import import_limesurvey

    return import_limesurvey


def import_definition(kind: str, data: bytes, filename: str, actor: Any) -> SurveyImport:
    """Create a draft survey from an XLSForm or LimeSurvey file and record the report.

    Args:
        kind: "xlsform" or "limesurvey".
        data: the file's bytes (treated as hostile).
        filename: the original name; its suffix must suit ``kind``.
        actor: the staff user (or "cli").

    Raises:
        BadImport: unreadable file or nothing importable; nothing is kept (flush only).
    """
    name = PurePath(filename or "upload").name
    if PurePath(name).suffix.lower() not in SUFFIXES[kind]:
        allowed = ", ".join(SUFFIXES[kind])
        raise BadImport(f"{name}: expected a file ending in {allowed}.")
    survey, report = _importer(kind)(data, name, actor)
    entry = SurveyImport(
        survey_id=survey.id,
        kind=kind,
        filename=name,
        report=report.to_json(),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "survey.imported",
        "survey",
        survey.id,
        source=kind,
        file=name,
        counts=report.counts(),
    )
    return entry


def recent_imports(limit: int = 20) -> list[SurveyImport]:
    query = select(SurveyImport).order_by(SurveyImport.id.desc()).limit(limit)
    return list(db.session.scalars(query))
