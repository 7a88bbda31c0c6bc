"""Large XLSX/SAV exports: queue the job, then download the file (requester only, audited)."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import roles
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job
from surveys import export_jobs
from surveys.blueprint import STAFF, bp, managed_survey

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}


@bp.post("/<int:survey_id>/export.<fmt>/job")
@roles(*STAFF)
def export_job(survey_id: int, fmt: str) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    if fmt not in export_jobs.JOB_FORMATS:
        abort(404)
    job = export_jobs.start(survey, fmt, current_user)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.get("/exports/<int:job_id>")
@roles(*STAFF)
def export_download(job_id: int) -> ResponseReturnValue:
    job = db.session.get(Job, job_id) or abort(404)
    try:
        path, result = export_jobs.stored_file(job, current_user)
    except DomainError as exc:
        abort(403, str(exc))
    survey = managed_survey(result["survey_id"])  # may they still export it?
    record(
        current_user, "survey.exported", "survey", survey.id, format=result["format"], job=job.id
    )
    db.session.commit()
    name = f"{survey.slug}-responses.{result['format']}"
    return HttpResponse(
        path.read_bytes(),
        mimetype=TYPES[result["format"]],
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
