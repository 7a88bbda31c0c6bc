"""Export downloads; each is audited."""

from __future__ import annotations

from flask import Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from analysis.reports import exports
from analysis.reports.blueprint import READERS, bp, is_analyst, visible_run
from analysis.reports.models import RunStatus
from engage.access import roles
from engage.audit.services import record
from engage.extensions import db

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@bp.get("/<int:run_id>/export.<fmt>")
@roles(*READERS)
def export(run_id: int, fmt: str) -> ResponseReturnValue:
    run = visible_run(run_id)
    if fmt not in TYPES or run.status != RunStatus.FINISHED:
        abort(404)
    analyst, sheet = is_analyst(), request.args.get("sheet", "themes")
    if fmt == "csv":
        if sheet not in exports.tables(run, analyst):
            abort(404)
        body: bytes | str = exports.to_csv(run, analyst, sheet)
    else:
        body = exports.to_xlsx(run, analyst) if fmt == "xlsx" else exports.to_docx(run, analyst)
    record(current_user, "report.exported", "analysis_run", run.id, format=fmt,
           sheet=sheet if fmt == "csv" else "all")  # fmt: skip
    db.session.commit()
    name = f"report-{run.id}{'-' + sheet if fmt == 'csv' else ''}.{fmt}"
    return Response(
        body, mimetype=TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
