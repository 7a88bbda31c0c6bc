"""Export downloads; each is audited. Large runs are exported by a job."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from analysis.reports import export_jobs, exports
from analysis.reports.blueprint import READERS, bp, is_analyst, visible_run
from analysis.reports.models import AnalysisRun, RunStatus
from engage.access import roles
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _exportable(run_id: int, fmt: str) -> tuple[AnalysisRun, str]:
    """The run and CSV sheet asked for, or 404."""
    run = visible_run(run_id)
    if fmt not in TYPES or run.status != RunStatus.FINISHED:
        abort(404)
    sheet = request.values.get("sheet", "themes")
    if fmt == "csv" and sheet not in exports.tables(run, is_analyst()):
        abort(404)
    return run, sheet


def _filename(run_id: int, fmt: str, sheet: str) -> str:
    return f"report-{run_id}{'-' + sheet if fmt == 'csv' else ''}.{fmt}"


@bp.get("/<int:run_id>/export.<fmt>")
@roles(*READERS)
def export(run_id: int, fmt: str) -> ResponseReturnValue:
    run, sheet = _exportable(run_id, fmt)
    if export_jobs.needs_job(run):
        return render_template("reports/export_job.html", run=run, fmt=fmt, sheet=sheet)
    body = exports.render(run, is_analyst(), fmt, sheet)
    record(current_user, "report.exported", "analysis_run", run.id, format=fmt,
           sheet=sheet if fmt == "csv" else "all")  # fmt: skip
    db.session.commit()
    return _attachment(body, fmt, run.id, sheet)


@bp.post("/<int:run_id>/export.<fmt>/job")
@roles(*READERS)
def export_job(run_id: int, fmt: str) -> ResponseReturnValue:
    run, sheet = _exportable(run_id, fmt)
    job = export_jobs.start(run, fmt, sheet, is_analyst(), current_user)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.get("/exports/<int:job_id>")
@roles(*READERS)
def export_download(job_id: int) -> ResponseReturnValue:
    job = db.session.get(Job, job_id) or abort(404)
    try:
        path, result = export_jobs.stored_file(job, current_user, is_analyst())
    except DomainError as exc:
        abort(403, str(exc))
    run = visible_run(result["run_id"])  # still allowed to read the report?
    record(current_user, "report.exported", "analysis_run", run.id, format=result["format"],
           sheet=result["sheet"] if result["format"] == "csv" else "all", job=job.id)  # fmt: skip
    db.session.commit()
    return _attachment(path.read_bytes(), result["format"], run.id, result["sheet"])


def _attachment(body: bytes | str, fmt: str, run_id: int, sheet: str) -> Response:
    name = _filename(run_id, fmt, sheet)
    return Response(
        body, mimetype=TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
